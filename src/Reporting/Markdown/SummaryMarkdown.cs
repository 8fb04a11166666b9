using Bench.Reporting.Model;

namespace Bench.Reporting.Markdown;

/// <summary>
/// summary.md for a CI job summary or a pull-request comment: the claims table, then each
/// section's charts as PNG files beside it (GitHub strips inline SVG from Markdown).
/// </summary>
public static class SummaryMarkdown
{
    public static string Build(ReportRun run, IReadOnlyList<ReportSection> sections, string chartsDir)
    {
        using var w = new StringWriter();
        w.WriteLine($"## Bench report: {Cell(run.SuiteName ?? "single run")}, run {Cell(run.RunId)}");
        w.WriteLine();
        var facts = new[] { run.GitCommit is { } g ? $"commit `{Code(g)}`" : null, run.Machine?.CpuModel, run.Machine?.Runtime, run.Pinning }
            .Where(s => !string.IsNullOrWhiteSpace(s));
        w.WriteLine(Cell(string.Join(" · ", facts!)));
        w.WriteLine();
        if (run.Claims.Count > 0)
        {
            w.WriteLine("| # | claim | verdict | parts (estimate [interval] vs line) | deciding numbers |");
            w.WriteLine("|---|---|---|---|---|");
            foreach (var c in run.Claims)
                w.WriteLine($"| {Cell(c.Id)} | {Cell(c.Title)} | **{Cell(c.Verdict)}** | {Cell(string.Join("; ", c.Parts))} | {Cell(string.Join("; ", c.Numbers.Select(n => $"{n.Name}: {n.Value}")))} |");
            w.WriteLine();
        }
        foreach (var section in sections)
        {
            var measured = Shown(section);
            if (measured.Count == 0) continue;
            w.WriteLine($"### {Cell(section.Title)}");
            w.WriteLine();
            foreach (var chart in measured) w.WriteLine($"![{Cell(chart.Title)}]({chartsDir}/{chart.PngFileName})");
            w.WriteLine();
        }
        w.WriteLine("Full report with every chart and the exact numbers: `index.html` beside this file.");
        return w.ToString();
    }

    /// <summary>The charts a section shows in the summary (and so the only ones rendered as PNG): its first two with data.</summary>
    public static IReadOnlyList<Charts.ChartImage> Shown(ReportSection section) => section.Charts.Where(c => c.HasData).Take(2).ToList();

    /// <summary>Text from results files goes into table cells: no pipes, no newlines, no raw HTML (renderers allow some).</summary>
    private static string Cell(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Code(string s) => s.Replace("`", "'", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
