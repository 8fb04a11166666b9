namespace Bench.Compare.Model;

/// <summary>
/// What a metric is and how far it may move before the gate calls it changed. A change counts
/// only when it exceeds both <see cref="RelativeThreshold"/> (a share of the baseline) and
/// <see cref="AbsoluteFloor"/> (in <see cref="Unit"/>): 10% of a 60 µs p50 is timer jitter, and
/// 5% of zero allocated bytes would let any new allocation through unnoticed.
/// </summary>
public sealed record MetricDefinition(
    string Id,
    string Label,
    Tier Tier,
    Better Better,
    string Unit,
    double RelativeThreshold,
    double AbsoluteFloor,
    bool Gated = true)
{
    public string Format(double value) => MetricFormat.Value(value, Unit);
}
