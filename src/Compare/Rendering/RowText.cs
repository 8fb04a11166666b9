using Bench.Compare.Model;
using Bench.Compare.Statistics;

namespace Bench.Compare.Rendering;

/// <summary>The cells of one table row as text, shared by the console table and Markdown so both say the same.</summary>
public static class RowText
{
    public static readonly string[] Headers = ["tier", "cell", "metric", "base", "head", "ratio", "verdict", "noise (cv b/h)", "note"];

    public static string[] Cells(MetricComparison row) =>
    [
        ((int)row.Tier).ToString(System.Globalization.CultureInfo.InvariantCulture),
        row.Cell,
        row.Metric.Label,
        Value(row.Metric, row.Base),
        Value(row.Metric, row.Head),
        MetricFormat.Ratio(row.Ratio),
        VerdictText.Of(row.Verdict) + (row.Gated ? "" : " (info)"),
        Noise(row),
        row.Note ?? "",
    ];

    /// <summary>The median, with the trial count when there were several: the sample behind the verdict.</summary>
    public static string Value(MetricDefinition metric, SampleSummary? sample) =>
        sample is null ? "–" : sample.N > 1 ? $"{metric.Format(sample.Median)} (n={sample.N})" : metric.Format(sample.Median);

    private static string Noise(MetricComparison row) =>
        row.Base is { N: > 1 } || row.Head is { N: > 1 }
            ? $"{MetricFormat.Percent(row.Base?.Cv ?? double.NaN)} / {MetricFormat.Percent(row.Head?.Cv ?? double.NaN)}"
            : "";

    public static string Banner(ComparisonReport report) => report.Outcome switch
    {
        Outcome.Regression => $"REGRESSION: {report.Rows.Count(r => r.IsRegression)} gated metric(s) failed",
        Outcome.Inconclusive => report.Rows.Any(r => r.Gated)
            ? $"INCONCLUSIVE: {report.Rows.Count(r => r.Gated && r.Verdict == Verdict.Inconclusive)} gated metric(s) could not be judged (too few or too noisy trials, or missing)"
            : "INCONCLUSIVE: nothing to compare (no metric measured on both sides)",
        _ => report.TimingWarnings > 0
            ? $"PASS: {report.Rows.Count(r => r.Gated && r.Verdict != Verdict.Inconclusive)} gated metric(s) same or better; {report.TimingWarnings} timing metric(s) inconclusive (a warning, not a failure)"
            : $"PASS: {report.Rows.Count(r => r.Gated)} gated metric(s) same or better",
    };

    /// <summary>The warning an inconclusive timing tier gives when it does not decide the outcome; null when there is none.</summary>
    public static string? TimingWarning(ComparisonReport report) => report.TimingWarnings > 0
        ? $"{report.TimingWarnings} timing metric(s) could not be judged (too noisy or too few trials): not failing the gate; --strict would (exit 3)"
        : null;
}
