using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Calibration;

/// <summary>What <see cref="Calibrator"/> measured and the limits it derives, each in the unit its name says.</summary>
public sealed record CalibrationResult(
    IReadOnlyList<int> GeneratorCpus,
    IReadOnlyList<int> TargetCpus,
    double HttpRate,
    double HttpCpuPercent,
    double HttpCeilingRate,
    double HttpGeneratorBoundRate,
    int HeldConnections,
    double LoopMicrosPerEvent,
    double RssKiBPerConnection,
    long ConnectionsByCpu,
    long ConnectionsThatFit,
    long GeneratorBoundConnections)
{
    /// <summary>The generator's share of its cores beyond which a run is judged invalid (<see cref="ValidityLimits.MaxCpuShare"/>).</summary>
    public double MaxCpuShare { get; init; }
}

/// <summary>
/// This machine's generator ceiling against a built-in null target on loopback: HTTP requests
/// per second (50 keep-alive connections, closed loop) and the loop time one event on a held
/// connection costs, from which it derives the rate and the number of connections (at one event
/// per second each) beyond which results here would describe loadgen rather than the target.
/// The target runs on the CPUs the generator does not use, when there are any.
/// </summary>
public static class Calibrator
{
    public static async Task<CalibrationResult> RunAsync(TimeSpan duration, int connections, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var limits = new ValidityLimits();
        var generatorCpus = CpuAffinity.Current();
        var machine = Enumerable.Range(0, Environment.ProcessorCount).ToArray();
        var targetCpus = machine.Except(generatorCpus).ToArray();
        using var target = new NullTarget(targetCpus);

        progress?.Invoke($"http: 50 connections, closed loop, {Models.ModelText.Duration(duration)} against the null target on port {target.Port}");
        using var http = new HttpScenario(new HttpTarget { Url = target.Url("/") });
        var httpCost = new GeneratorCost(target, r => r.Totals.Requests);
        var httpRun = await new LoadRunner().RunAsync(new RunPlan
        {
            Scenario = http,
            Model = new ConstantVus { Vus = 50, Duration = duration },
            Warmup = TimeSpan.FromSeconds(1),
            Limits = limits with { MaxCpuShare = 10 },
        }, httpCost, cancellationToken).ConfigureAwait(false);
        double rate = httpRun.Totals.Rate;
        // The generator's share of its cores: the process's CPU minus the null target's thread.
        double cpu = Math.Max(0.01, httpCost.CoreShare(generatorCpus.Count) is { } share && double.IsFinite(share) ? share : httpRun.Validity.CpuPercent / 100);
        double ceiling = rate / cpu;

        progress?.Invoke($"streams: {connections:N0} held connections, one request per second each, {Models.ModelText.Duration(duration)}");
        var spec = new StreamOptions
        {
            Kind = "hold",
            Url = target.Url("/"),
            Connections = connections,
            RampRate = 0,
            Duration = duration,
            PingInterval = TimeSpan.FromSeconds(1),
        };
        using var hold = ScenarioFactory.Create(spec);
        var steady = new GeneratorCost(target, r => r.Stream?.Counters["requests"] ?? 0);
        var holdRun = await new LoadRunner().RunAsync(ScenarioFactory.Plan(spec, hold, limits: limits with { MaxCpuShare = 10, MaxSchedulerLagP99 = TimeSpan.FromMinutes(1) }),
            steady, cancellationToken).ConfigureAwait(false);
        double microsPerEvent = steady.MicrosPerUnit;
        // At one event per second each, the loops' budget (the validity guard's share of the cores) over the cost of one event.
        long byCpu = double.IsFinite(microsPerEvent) && microsPerEvent > 0
            ? (long)(limits.MaxCpuShare * generatorCpus.Count * 1e6 / microsPerEvent)
            : 0;
        long fit = CapacityCheck.Check(long.MaxValue, 1).ConnectionsThatFit;
        double rssPerConnection = holdRun.Stream?.GeneratorMemory?.RssKiBPerConnection ?? double.NaN;

        return new CalibrationResult(generatorCpus, targetCpus, rate, cpu * 100, ceiling, ceiling * limits.MaxCpuShare,
            connections, microsPerEvent, rssPerConnection, byCpu, fit, Math.Min(byCpu, fit))
        {
            MaxCpuShare = limits.MaxCpuShare,
        };
    }

    /// <summary>
    /// The generator's own CPU between the first per-second snapshot and the last (so a ramp's
    /// connects or the first second's JIT do not count): the process's CPU minus the null target's
    /// thread, which runs in the same process; per unit of work (requests, or events on held
    /// connections) and as a share of the generator's cores.
    /// </summary>
    private sealed class GeneratorCost(NullTarget target, Func<RunResult, long> units) : IRunObserver
    {
        private (double CpuSeconds, double Seconds, long Units)? _first;
        private (double CpuSeconds, double Seconds, long Units) _last;

        public double MicrosPerUnit => _first is { } f && _last.Units > f.Units
            ? (_last.CpuSeconds - f.CpuSeconds) * 1e6 / (_last.Units - f.Units)
            : double.NaN;

        public double CoreShare(int cores) => _first is { } f && _last.Seconds > f.Seconds
            ? (_last.CpuSeconds - f.CpuSeconds) / (_last.Seconds - f.Seconds) / cores
            : double.NaN;

        public void OnSample(RunResult snapshot)
        {
            double process = snapshot.Validity.CpuPercent / 100 * snapshot.Validity.AllowedCores * snapshot.Totals.DurationSeconds;
            // Only differences between snapshots are used, so the two cumulative counts may start at different times.
            var point = (process - target.CpuTime.TotalSeconds, snapshot.Totals.DurationSeconds, units(snapshot));
            _first ??= point;
            _last = point;
        }
    }
}
