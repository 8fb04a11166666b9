using Bench.Compare.Model;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace Bench.Compare.Statistics;

/// <summary>What the test concluded, with the p-values that decided it.</summary>
public sealed record TimingDecision(Verdict Verdict, double PWorse, double PBetter, double PSame);

/// <summary>
/// Mann–Whitney U (Perfolizer's exact test, as BenchmarkDotNet's statistical column and
/// dotnet/performance's ResultsComparer use it) on per-trial values, in two directions:
/// <list type="bullet">
/// <item>different: one side is stochastically beyond the other shifted by the relative threshold
/// AND beyond it shifted by the absolute floor, each one-sided at <c>alpha</c> — ResultsComparer
/// asks the threshold and the noise filter the same way;</item>
/// <item>same: two one-sided tests (TOST) show each side below the other shifted by the threshold
/// (or by the floor) at <c>equivalenceAlpha</c>.</item>
/// </list>
/// Neither proven gives "inconclusive": with too few or too noisy trials the gate says so
/// instead of passing. Samples are shifted here rather than through Perfolizer's Threshold so
/// the floor works in any unit (req/s has none Perfolizer knows).
/// </summary>
public static class TimingTest
{
    public static TimingDecision Decide(IReadOnlyList<double> baseValues, IReadOnlyList<double> headValues, MetricDefinition metric, double alpha, double equivalenceAlpha)
    {
        var b = new Sample(baseValues.ToArray());
        var h = new Sample(headValues.ToArray());
        // "Worse" is head above base for latency, head below base for throughput.
        var (high, low) = metric.Better == Better.Lower ? (h, b) : (b, h);
        double pWorse = PBeyond(high, low, metric);
        double pBetter = PBeyond(low, high, metric);
        double pSame = Math.Min(PWithin(b, h, metric.RelativeThreshold, 0), PWithin(b, h, 0, metric.AbsoluteFloor));
        var verdict = pWorse < alpha ? Verdict.Slower
            : pBetter < alpha ? Verdict.Faster
            : pSame < equivalenceAlpha ? Verdict.Same
            : Verdict.Inconclusive;
        return new TimingDecision(verdict, pWorse, pBetter, pSame);
    }

    /// <summary>p that x is stochastically greater than y grown by both the threshold and the floor (the larger of the two p-values).</summary>
    private static double PBeyond(Sample x, Sample y, MetricDefinition metric) => Math.Max(
        PGreater(x, y * (1 + metric.RelativeThreshold)),
        PGreater(x, y + metric.AbsoluteFloor));

    /// <summary>TOST: p that each side lies below the other grown by the margin (the larger of the two one-sided p-values).</summary>
    private static double PWithin(Sample a, Sample b, double relative, double absolute)
    {
        if (relative <= 0 && absolute <= 0) return 1;
        return Math.Max(PLess(a, b * (1 + relative) + absolute), PLess(b, a * (1 + relative) + absolute));
    }

    private static double PGreater(Sample x, Sample y) => MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.Greater, Threshold.Zero);

    private static double PLess(Sample x, Sample y) => MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.Less, Threshold.Zero);
}
