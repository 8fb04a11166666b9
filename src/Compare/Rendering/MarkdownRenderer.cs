using System.Text;
using Bench.Compare.Model;

namespace Bench.Compare.Rendering;

/// <summary>
/// compare.md, shaped for a CI job summary or a pull-request comment after ResultsComparer's
/// output: the verdict first, then what failed, then every gated metric by tier, then the
/// information-only rows folded away.
/// </summary>
public static class MarkdownRenderer
{
    public static string Render(ComparisonReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("## Performance comparison").AppendLine();
        md.AppendLine($"**{Escape(RowText.Banner(report))}** (exit {report.ExitCode})").AppendLine();
        if (RowText.TimingWarning(report) is { } warning) md.AppendLine("> [!WARNING]").AppendLine($"> {Escape(warning)}").AppendLine();
        md.AppendLine($"- base: `{Escape(report.BasePath)}`");
        md.AppendLine($"- head: `{Escape(report.HeadPath)}`");
        md.AppendLine($"- instructions: callgrind counts per operation, threshold {MetricFormat.Percent(report.Options.InstructionThreshold)} (and ≥ {report.Options.InstructionFloor:0} instructions)");
        md.AppendLine($"- timing: {Escape(report.SameJobReason)}; threshold {MetricFormat.Percent(report.Options.TimingThreshold)}, ≥ {report.Options.MinTrials} trials per side, Mann–Whitney alpha {report.Options.Alpha} (same: TOST at {report.Options.EquivalenceAlpha})");
        md.AppendLine().AppendLine("| tier | status | gated | failed | inconclusive | info |").AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var t in report.Tiers)
            md.AppendLine($"| {(int)t.Tier} {TierName(t.Tier)} | {t.Status} | {t.Gated} | {t.Regressions} | {t.Inconclusive} | {t.Informational} |");

        Table(md, "Regressions", report.Rows.Where(r => r.IsRegression).ToList());
        Table(md, "Inconclusive", report.Rows.Where(r => r.Gated && r.Verdict == Verdict.Inconclusive).ToList());
        Table(md, "Gated metrics", report.Rows.Where(r => r.Gated && !r.IsRegression && r.Verdict != Verdict.Inconclusive).ToList());
        var info = report.Rows.Where(r => !r.Gated).ToList();
        if (info.Count > 0)
        {
            md.AppendLine().AppendLine($"<details><summary>Information only ({info.Count} rows: trend, not gated)</summary>");
            Table(md, null, info);
            md.AppendLine().AppendLine("</details>");
        }
        if (report.Notes.Count > 0)
        {
            md.AppendLine().AppendLine("Notes:");
            foreach (var note in report.Notes) md.AppendLine($"- {Escape(note)}");
        }
        return md.ToString();
    }

    public static string TierName(Tier tier) => tier switch
    {
        Tier.Correctness => "correctness",
        Tier.Instructions => "instructions",
        Tier.Resources => "resources",
        _ => "timing",
    };

    private static void Table(StringBuilder md, string? title, IReadOnlyList<MetricComparison> rows)
    {
        if (rows.Count == 0) return;
        if (title is not null) md.AppendLine().AppendLine($"### {title}");
        md.AppendLine().AppendLine("| " + string.Join(" | ", RowText.Headers) + " |");
        md.AppendLine("|" + string.Concat(RowText.Headers.Select(_ => "---|")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", RowText.Cells(row).Select(Escape)) + " |");
    }

    /// <summary>Cell names and notes come from files: keep them from breaking the table or injecting markup.</summary>
    private static string Escape(string text) => text
        .Replace("\\", "\\\\").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\r", " ").Replace("\n", " ");
}
