using Bench.Load.Results;

namespace Bench.Suites;

/// <summary>One offered rate of a capacity search and whether the target sustained it.</summary>
public sealed record CapacityStep(double OfferedRate, double AchievedRate, double P50Ms, double P99Ms, double ErrorRate, long Dropped, bool Sustained, string Why, RunResult Run);

/// <summary>The search's answer: the highest sustained rate, every step (the throughput-latency curve) and its knee.</summary>
public sealed record CapacityResult(double? SustainableRate, IReadOnlyList<CapacityStep> Curve, CapacityStep? Knee, string Stopped);

/// <summary>
/// Highest open-model rate a target sustains within an SLO: multiply the rate by
/// <see cref="Factor"/> until a step fails, then bisect between the last pass and the first
/// failure until they are within <see cref="Precision"/>. A step is sustained when every SLO
/// threshold passes, nothing was dropped (the VU budget kept up) and the achieved rate is within
/// 5% of the offered one. Bounded by <see cref="MaxSteps"/>.
/// </summary>
public sealed class CapacitySearch
{
    public double StartRate { get; init; } = 100;

    public double MaxRate { get; init; } = 100_000;

    public double Factor { get; init; } = 2;

    public double Precision { get; init; } = 0.05;

    public int MaxSteps { get; init; } = 16;

    /// <param name="runStep">Runs one constant-rate step with the SLO as thresholds.</param>
    public async Task<CapacityResult> RunAsync(Func<double, CancellationToken, Task<RunResult>> runStep, Action<CapacityStep>? onStep, CancellationToken cancellationToken)
    {
        var steps = new List<CapacityStep>();
        double? pass = null, fail = null;
        double rate = StartRate;
        string stopped = "";
        while (steps.Count < MaxSteps)
        {
            if (cancellationToken.IsCancellationRequested) { stopped = "interrupted"; break; }
            var step = Judge(rate, await runStep(rate, cancellationToken).ConfigureAwait(false));
            steps.Add(step);
            onStep?.Invoke(step);
            if (step.Sustained) pass = rate; else fail = rate;

            if (fail is null)
            {
                if (rate >= MaxRate) { stopped = $"reached --max-rate {MaxRate:N0} req/s without breaking the SLO"; break; }
                rate = Math.Min(MaxRate, rate * Factor);
                continue;
            }
            if (pass is null) { stopped = $"the start rate {StartRate:N0} req/s already breaks the SLO"; break; }
            if ((fail.Value - pass.Value) / pass.Value <= Precision) { stopped = $"bisected to within {Precision:P0}"; break; }
            rate = Math.Round((pass.Value + fail.Value) / 2, 1);
        }
        if (stopped.Length == 0) stopped = $"stopped after {MaxSteps} steps";
        var curve = steps.OrderBy(s => s.OfferedRate).ToList();
        return new CapacityResult(pass, curve, Knee(curve), stopped);
    }

    public static CapacityStep Judge(double offered, RunResult run)
    {
        var t = run.Totals;
        var why = new List<string>();
        foreach (var th in run.Thresholds.Where(th => !th.Passed)) why.Add($"{th.Expression} (actual {th.Actual:0.###}{th.Unit})");
        if (t.Dropped > 0) why.Add($"{t.Dropped:N0} iterations dropped (every connection busy)");
        if (t.Rate < 0.95 * offered) why.Add($"achieved {t.Rate:N0} of {offered:N0} req/s");
        return new CapacityStep(offered, Math.Round(t.Rate, 1), run.Latency.Latency.P50 / 1000.0, run.Latency.Latency.P99 / 1000.0, t.ErrorRate, t.Dropped,
            why.Count == 0, why.Count == 0 ? "sustained" : string.Join("; ", why), run);
    }

    /// <summary>
    /// The knee of the latency curve, Kneedle-style: scale offered rate and p99 to [0, 1] and take
    /// the point farthest below the diagonal — where latency starts to climb faster than the rate.
    /// </summary>
    public static CapacityStep? Knee(IReadOnlyList<CapacityStep> curve)
    {
        if (curve.Count < 3) return null;
        double x0 = curve[0].OfferedRate, x1 = curve[^1].OfferedRate;
        double y0 = curve.Min(s => s.P99Ms), y1 = curve.Max(s => s.P99Ms);
        if (x1 <= x0 || y1 <= y0) return null;
        return curve.MaxBy(s => (s.OfferedRate - x0) / (x1 - x0) - (s.P99Ms - y0) / (y1 - y0));
    }
}
