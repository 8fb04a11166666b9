using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Mixed;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// <c>{"kind": "trickle-probe", "clients": 32, "trickleInterval": "1s", "path": "/hello", "probeDelay": "2s"}</c>:
/// <c>clients</c> slow clients trickle their request heads (the <c>trickle</c> scenario) from the cell's
/// start, and after <c>probeDelay</c> a /hello probe runs the cell's own load (its connections sweep,
/// duration, thresholds; no warm-up, see <see cref="TrickleProbeScenario.Parts"/>) beside them until its
/// last request ended: how slow clients change what everyone else gets
/// (claim 8). With 0 clients the probe runs alone, at the same offset. The run's parts are named
/// "trickle" and "probe".
/// </summary>
public sealed class TrickleProbeReader : IScenarioReader
{
    public string Kind => TrickleProbeNames.Kind;

    public Func<Uri, IScenario>? Parse(JsonFields f)
    {
        var clients = f.Integer("clients", 0, ModelLimits.MaxVus);
        if (clients is null && !f.Has("clients")) f.Problem("clients", "required: how many slow clients trickle beside the probe (0 for the probe alone)");
        string path = f.String("path") ?? "/hello";
        if (!path.StartsWith('/')) f.Problem("path", $"must start with '/' (got '{path}')");
        var interval = f.Duration("trickleInterval", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)) ?? TimeSpan.FromSeconds(1);
        var delay = f.Duration("probeDelay", TimeSpan.Zero, TimeSpan.FromMinutes(10)) ?? TimeSpan.FromSeconds(2);
        if (clients is null) return null;
        int n = (int)clients.Value;
        return baseUrl => new TrickleProbeScenario(new Uri(baseUrl, path), n, interval, delay);
    }
}

/// <summary>The probe (an HTTP scenario) that also brings its trickling neighbours; see <see cref="TrickleProbeReader"/>.</summary>
public sealed class TrickleProbeScenario(Uri url, int clients, TimeSpan interval, TimeSpan delay) : IMixedScenario, IDisposable
{
    private readonly HttpScenario _probe = new(new HttpTarget { Url = url });
    private ILongLivedScenario? _trickle;

    public string Name => _probe.Name;

    public string Describe() => $"{_probe.Describe()} after {ModelText.Duration(delay)}, beside {clients:N0} clients trickling their heads one byte every {ModelText.Duration(interval)}";

    public IVirtualUser CreateUser(VuContext context) => _probe.CreateUser(context);

    public IReadOnlyList<MixedPart> Parts(RunPlan cellPlan)
    {
        // No warm-up for the probe: a starved server holds the warm-up's requests, and the measured phase
        // would begin only when they return — after the slow clients had gone (measured: WSGI's probe then
        // measured an idle server). The delay before it settles the slow clients instead.
        var probePlan = cellPlan with { Scenario = _probe, Warmup = TimeSpan.Zero };
        var probe = new MixedPart(TrickleProbeNames.Probe, delay, probePlan);
        if (clients == 0) return [probe];
        var spec = new StreamOptions
        {
            Kind = "trickle",
            Url = url,
            Connections = clients,
            RampRate = 0,
            // Trickling from the start until the probe's last iteration has ended or been cut (graceful stop).
            Duration = probe.End + probePlan.GracefulStop,
            Timeout = cellPlan.Timeout,
            TrickleInterval = interval,
        };
        _trickle ??= ScenarioFactory.Create(spec);
        return [new MixedPart(TrickleProbeNames.Trickle, TimeSpan.Zero, ScenarioFactory.Plan(spec, _trickle, limits: cellPlan.Limits) with { Cpus = cellPlan.Cpus }), probe];
    }

    public void Dispose()
    {
        _probe.Dispose();
        _trickle?.Dispose();
    }
}
