using Bench.Compare.Model;

namespace Bench.Compare.Rendering;

/// <summary>
/// The console table: plain aligned text, because CI logs are not terminals (Spectre's live
/// widgets reprint whole tables there). Information-only rows are summarised
/// unless asked for, so the gated ones stay readable.
/// </summary>
public static class ConsoleRenderer
{
    public static void Render(ComparisonReport report, TextWriter output, bool all)
    {
        output.WriteLine(RowText.Banner(report));
        if (RowText.TimingWarning(report) is { } warning) output.WriteLine($"  warning: {warning}");
        output.WriteLine($"  base   {report.BasePath}");
        output.WriteLine($"  head   {report.HeadPath}");
        output.WriteLine($"  timing {report.SameJobReason}");
        foreach (var t in report.Tiers)
            output.WriteLine($"  tier {(int)t.Tier} {MarkdownRenderer.TierName(t.Tier),-12} {t.Status,-13} gated {t.Gated}, failed {t.Regressions}, inconclusive {t.Inconclusive}, info {t.Informational}");
        output.WriteLine();
        var rows = report.Rows.Where(r => all || r.Gated).ToList();
        var cells = new List<string[]> { RowText.Headers };
        cells.AddRange(rows.Select(RowText.Cells));
        int[] widths = Enumerable.Range(0, RowText.Headers.Length).Select(c => cells.Max(r => r[c].Length)).ToArray();
        foreach (var row in cells)
            output.WriteLine(string.Join("  ", row.Select((text, c) => c is 3 or 4 or 5 ? text.PadLeft(widths[c]) : text.PadRight(widths[c]))).TrimEnd());
        int hidden = report.Rows.Count - rows.Count;
        if (hidden > 0) output.WriteLine($"({hidden} information-only rows not shown; --all shows them, compare.md has them)");
        foreach (var note in report.Notes) output.WriteLine($"note: {note}");
    }
}
