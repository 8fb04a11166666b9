namespace Bench.Load.Thresholds;

public enum Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

/// <summary>
/// A pass/fail rule in k6 style, e.g. <c>p99&lt;200ms</c>, <c>errors&lt;1%</c>, <c>rate&gt;5000</c>.
/// <see cref="Limit"/> is in the metric's canonical unit: microseconds for latencies, a
/// fraction for errors, per second for rate, a count for counts.
/// </summary>
public sealed record Threshold(string Expression, string Source, string Metric, Comparison Comparison, double Limit)
{
    public bool Holds(double actual) => Comparison switch
    {
        Comparison.Less => actual < Limit,
        Comparison.LessOrEqual => actual <= Limit,
        Comparison.Greater => actual > Limit,
        Comparison.GreaterOrEqual => actual >= Limit,
        _ => actual == Limit,
    };

    public bool IsLatency => Metric.StartsWith('p') || Metric is "max" or "min" or "mean";

    /// <summary>A code scenario's named step (<c>step[login].p99</c>): the source is <c>step:</c> and the step's name.</summary>
    public bool IsStep => Source.StartsWith(StepPrefix, StringComparison.Ordinal);

    /// <summary>The step a <see cref="IsStep"/> threshold names.</summary>
    public string StepName => IsStep ? Source[StepPrefix.Length..] : "";

    /// <summary>A long-lived scenario's metric (<c>sse.lag.p99</c>, <c>sse.gaps</c>): its source starts with the scenario's prefix.</summary>
    public bool IsStream => !IsStep && Source is not ("latency" or "uncorrected" or "ttfb" or "connect");

    public const string StepPrefix = "step:";
}
