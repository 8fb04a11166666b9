using System.Globalization;
using System.Text;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Results;

namespace Bench.Load.Code;

/// <summary>
/// A finished load test: the engine's <see cref="RunResult"/> (exactly what the CLI writes to
/// its results file) with the figures a test asserts on as plain .NET values.
/// <code>
/// Assert.Equal(0, result.Failed);
/// Assert.True(result.Latency.P99 &lt; TimeSpan.FromMilliseconds(50), result.ToString());
/// </code>
/// </summary>
public sealed class LoadTestResult
{
    internal LoadTestResult(RunResult run, string? resultsFile)
    {
        Run = run;
        ResultsFile = resultsFile;
        Latency = new LatencyStats(run.Latency.Latency);
        Steps = (run.Steps ?? []).ToDictionary(s => s.Name, s => new StepStats(s), StringComparer.Ordinal);
    }

    public RunResult Run { get; }

    /// <summary>The results file's full path, when the test asked for one.</summary>
    public string? ResultsFile { get; }

    /// <summary>Iterations started (each a call of the scenario function).</summary>
    public long Iterations => Run.Totals.Requests;

    public long Ok => Run.Totals.Ok;

    public long Failed => Run.Totals.Failed;

    /// <summary>Iterations per second over the measured duration.</summary>
    public double Rate => Run.Totals.Rate;

    /// <summary>Whole-iteration latency: from the intended start in open models (coordinated omission corrected).</summary>
    public LatencyStats Latency { get; }

    /// <summary>Failed iterations by error kind ("http-status", "timeout", "exception"...).</summary>
    public IReadOnlyDictionary<string, long> Errors => Run.Totals.Errors;

    /// <summary>Iterations ended by an exception, by type name.</summary>
    public IReadOnlyDictionary<string, long> Exceptions => Run.Exceptions ?? new Dictionary<string, long>();

    /// <summary>Responses by status across every request the scenario made.</summary>
    public IReadOnlyDictionary<string, long> StatusCodes => Run.Totals.StatusCodes;

    /// <summary>Named steps (<c>ctx.Measure</c>) by name.</summary>
    public IReadOnlyDictionary<string, StepStats> Steps { get; }

    public IReadOnlyList<ThresholdResult> Thresholds => Run.Thresholds;

    /// <summary>The run was valid and every threshold held (the CLI's exit code 0).</summary>
    public bool Passed => Run.ExitCode == ExitCodes.Pass;

    /// <summary>False when the generator itself may have set the numbers; <see cref="Validity"/> says why.</summary>
    public bool Valid => Run.Validity.Valid;

    public Validity Validity => Run.Validity;

    /// <summary>A few lines for a test's failure message or log: totals, latency, steps, thresholds.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.Append(c, $"{Run.Config.Scenario}: {Iterations:N0} iterations ({Ok:N0} ok, {Failed:N0} failed) in {Run.Totals.DurationSeconds:0.###} s, {Rate:N1}/s; {Run.Config.ModelDescription}").AppendLine();
        sb.Append(c, $"  latency   {Latency}").AppendLine();
        foreach (var s in Steps.Values) sb.Append(c, $"  step      {s}").AppendLine();
        if (Errors.Count > 0) sb.Append("  errors    ").AppendJoin(", ", Errors.Select(e => $"{e.Key} {e.Value:N0}")).AppendLine();
        if (Exceptions.Count > 0) sb.Append("  exceptions ").AppendJoin(", ", Exceptions.Select(e => $"{e.Key} {e.Value:N0}")).AppendLine();
        foreach (var t in Thresholds) sb.Append(c, $"  threshold {(t.Passed ? "pass" : "FAIL")} {t.Expression} (actual {t.Actual}{t.Unit})").AppendLine();
        if (!Valid) sb.Append("  invalid   ").AppendJoin("; ", Validity.Reasons).AppendLine();
        return sb.ToString().TrimEnd();
    }
}

/// <summary>A latency summary as <see cref="TimeSpan"/>s (results files keep microseconds).</summary>
public sealed class LatencyStats(LatencySummary summary)
{
    public LatencySummary Summary { get; } = summary;

    public long Count => Summary.Count;

    public TimeSpan Min => Micros(Summary.Min);

    public TimeSpan Mean => TimeSpan.FromMicroseconds(Summary.Mean);

    public TimeSpan P50 => Micros(Summary.P50);

    public TimeSpan P90 => Micros(Summary.P90);

    public TimeSpan P95 => Micros(Summary.P95);

    public TimeSpan P99 => Micros(Summary.P99);

    public TimeSpan P999 => Micros(Summary.P999);

    public TimeSpan Max => Micros(Summary.Max);

    private static TimeSpan Micros(long us) => TimeSpan.FromMicroseconds(us);

    public override string ToString() => Count == 0 ? "no samples" : string.Create(CultureInfo.InvariantCulture,
        $"p50 {Ms(P50)}  p90 {Ms(P90)}  p99 {Ms(P99)}  max {Ms(Max)}  ({Count:N0})");

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>One named step's counts and latency.</summary>
public sealed class StepStats(StepResult step)
{
    public StepResult Result { get; } = step;

    public string Name => Result.Name;

    public long Count => Result.Count;

    public long Ok => Result.Ok;

    public long Failed => Result.Failed;

    public LatencyStats Latency { get; } = new(step.Latency);

    public IReadOnlyDictionary<string, long> Errors => Result.Errors;

    public IReadOnlyDictionary<string, long> Exceptions => Result.Exceptions;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Count:N0} ({Failed:N0} failed)  {Latency}");
}
