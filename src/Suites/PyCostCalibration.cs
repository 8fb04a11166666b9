using System.Globalization;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Suites.Claims;
using Bench.Suites.Results;
using Bench.Suites.Sampling;

namespace Bench.Suites;

/// <summary>
/// Resolves a twin's <c>"pyCost": "auto"</c> before the suite's first cell. The twins share a fast C#
/// request path, so with <c>--gil</c> they model CPython's lock but not its slowness; <c>--py-cost N</c>
/// adds N µs of CPU per request on the thread holding the GIL. Here N is measured, not guessed: the
/// twin's peer in the suite (a command target of the same model with no framework, and for WSGI the
/// same pool) and the twin with <c>--py-cost 0</c> each serve the twin's first HTTP scenario at the
/// highest concurrency the suite runs it at (<see cref="LoadFor"/>); N = the peer's CPU per request
/// (its whole process tree) minus the CPU per request of the twin's app threads (its event loops or
/// pool threads: the path the GIL serialises). CPU time comes from schedstat, so a busy machine slows
/// both without changing it.
/// </summary>
/// <remarks>
/// Why the highest concurrency: a server's CPU per request falls as load rises (one epoll_wait
/// returns many sockets, timers fire in batches), and not by the same amount for uvicorn as for the
/// twin. Calibrated at 50 connections of /users?wait_ms=50 (1,000 req/s, both mostly idle) the ASGI
/// twin came out at 0.81× uvicorn's throughput at 1,000 connections, where the loop is saturated and
/// CPU per request is what sets the throughput. Below saturation the wait sets it, whatever N is.
/// </remarks>
public sealed class PyCostCalibration(SuiteRunOptions options)
{
    public const string Auto = "auto";

    /// <summary>The concurrency when no cell of the scenario names one.</summary>
    public const int DefaultConnections = 50;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    /// <summary>The cells with every "auto" twin resolved to a number, and one sentence per twin saying how.</summary>
    public async Task<(IReadOnlyList<SuiteCell> Cells, IReadOnlyList<string> Notes)> ResolveAsync(SuiteDefinition suite, IReadOnlyList<SuiteCell> cells, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var resolved = new Dictionary<string, TargetSpec>(StringComparer.Ordinal);
        foreach (var twin in cells.Select(c => c.Target).DistinctBy(t => t.Name).Where(t => t.Options.GetValueOrDefault("pyCost") == Auto))
        {
            if (cancellationToken.IsCancellationRequested) break;
            var load = LoadFor(twin.Name, cells);
            var peer = PeerOf(twin, suite.Targets);
            var (cost, note) = load is not { } l ? (0, $"{twin.Name}: py-cost 0 (no HTTP scenario to calibrate on)")
                : peer is null ? (0, $"{twin.Name}: py-cost 0 (no peer of model {twin.Model} in this suite to calibrate against)")
                : Requirements.Missing(peer) is { } missing ? (0, $"{twin.Name}: py-cost 0 (peer {peer.Name} not available: {missing})")
                : await MeasureAsync(twin, peer, l.Scenario, l.Connections, cancellationToken).ConfigureAwait(false);
            notes.Add(note);
            var options = new Dictionary<string, string>(twin.Options, StringComparer.Ordinal) { ["pyCost"] = cost.ToString(CultureInfo.InvariantCulture) };
            resolved[twin.Name] = twin with { ServerArgs = [.. twin.ServerArgs, "--py-cost", cost.ToString(CultureInfo.InvariantCulture)], Options = options };
        }
        return (cells.Select(c => resolved.TryGetValue(c.Target.Name, out var t) ? c with { Target = t } : c).ToList(), notes);
    }

    /// <summary>
    /// What the calibration serves: the twin's first HTTP scenario in the suite, at the most connections
    /// any of the twin's cells runs it with; null when the twin has no HTTP cell.
    /// </summary>
    public static (ScenarioEntry Scenario, int Connections)? LoadFor(string twin, IReadOnlyList<SuiteCell> cells)
    {
        var http = cells.Where(c => c.Target.Name == twin && c.Scenario.Kind == "http" && c.Scenario.Factory is not null).ToList();
        if (http.Count == 0) return null;
        var scenario = http[0].Scenario;
        int connections = http.Where(c => c.Scenario.Name == scenario.Name).Max(c => c.Connections ?? DefaultConnections);
        return (scenario, connections);
    }

    /// <summary>A command target of the same model with no framework; for WSGI, the same pool when both are known.</summary>
    public static TargetSpec? PeerOf(TargetSpec twin, IEnumerable<TargetSpec> targets)
    {
        var me = FidelityInput.Target(Describe(twin));
        return targets.FirstOrDefault(t => t.Kind == TargetKinds.Command && t.Model == twin.Model && t.Framework is null
            && (twin.Model != TargetKinds.Wsgi || FidelityInput.Target(Describe(t)).Pool is not { } pool || pool == me.Pool));
    }

    private static CellTarget Describe(TargetSpec t) => new(t.Name, t.Kind, t.Model, t.Framework, t.Options, t.Command, null, null, null);

    private async Task<(int Cost, string Note)> MeasureAsync(TargetSpec twin, TargetSpec peer, ScenarioEntry scenario, int connections, CancellationToken cancellationToken)
    {
        var bare = twin with { ServerArgs = [.. twin.ServerArgs, "--py-cost", "0"] };
        var peerUs = await CpuPerRequestAsync(peer, scenario, connections, appThreadsOnly: false, cancellationToken).ConfigureAwait(false);
        var twinUs = await CpuPerRequestAsync(bare, scenario, connections, appThreadsOnly: true, cancellationToken).ConfigureAwait(false);
        if (peerUs.Error is not null || twinUs.Error is not null)
            return (0, $"{twin.Name}: py-cost 0 (calibration failed: {peerUs.Error ?? twinUs.Error})");
        int cost = (int)Math.Round(Math.Clamp(peerUs.Value - twinUs.Value, 0, 100_000));
        return (cost, $"{twin.Name}: py-cost {cost} µs = {peer.Name} {peerUs.Value:0} µs CPU per request − the twin's app threads {twinUs.Value:0} µs " +
            $"({scenario.Name}, {connections:N0} connections, {Duration.TotalSeconds:0} s)");
    }

    private async Task<(double Value, string? Error)> CpuPerRequestAsync(TargetSpec spec, ScenarioEntry scenario, int connections, bool appThreadsOnly, CancellationToken cancellationToken)
    {
        TargetProcess target;
        try
        {
            target = await TargetProcess.StartAsync(spec, options.ServerPath, options.TargetCpus.Count > 0 ? options.TargetCpus : null, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetFailedException ex)
        {
            return (0, $"{spec.Name} did not start: {ex.Message}");
        }
        await using (target.ConfigureAwait(false))
        {
            if (target.Pid is not { } pid) return (0, $"{spec.Name} has no process to measure");
            Func<string, bool>? filter = appThreadsOnly ? ThreadCpu.IsAppThread : null;
            var marks = new MeasureStart(() => ThreadCpu.Seconds(pid, filter));
            var plan = new RunPlan
            {
                Scenario = scenario.Factory!(target.BaseUrl),
                Model = new ConstantVus { Vus = connections, Duration = Duration },
                Warmup = Warmup,
                Cpus = options.LoadgenCpus.Count > 0 ? options.LoadgenCpus : null,
            };
            try
            {
                var run = await new LoadRunner().RunAsync(plan, marks, cancellationToken).ConfigureAwait(false);
                double cpu = ThreadCpu.Seconds(pid, filter) - marks.CpuAtStart;
                if (run.Totals.Ok == 0) return (0, $"{spec.Name} served no request");
                return (cpu / run.Totals.Ok * 1e6, null);
            }
            finally
            {
                (plan.Scenario as IDisposable)?.Dispose();
            }
        }
    }

    private sealed class MeasureStart(Func<double> read) : IRunObserver
    {
        public double CpuAtStart { get; private set; }

        public void OnPhase(string phase, TimeSpan duration)
        {
            if (phase == "measure") CpuAtStart = read();
        }
    }
}
