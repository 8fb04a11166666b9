using System.Globalization;
using System.Text;
using Bench.Compare.History;
using Bench.Compare.Model;

namespace Bench.Compare.Rendering;

/// <summary>The change points of a history as console lines and as a Markdown section: commit, metric and how far it moved.</summary>
public static class ChangePointRenderer
{
    public static void Render(IReadOnlyList<MetricSeries> series, string historyPath, TextWriter output)
    {
        var changes = series.SelectMany(s => s.Changes).ToList();
        int points = series.Count == 0 ? 0 : series.Max(s => s.Points.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history {historyPath}: {series.Count} series, up to {points} commits; {changes.Count} change point(s) (E-Divisive means, p ≤ {new EDivisive().PValue})"));
        foreach (var c in changes) output.WriteLine($"  change {Line(c)}");
    }

    public static string Markdown(IReadOnlyList<MetricSeries> series)
    {
        var changes = series.SelectMany(s => s.Changes).ToList();
        var md = new StringBuilder().AppendLine().AppendLine("### Change points in the history").AppendLine();
        if (changes.Count == 0) return md.AppendLine($"None in {series.Count} series (E-Divisive means).").ToString();
        md.AppendLine("| commit | cell | metric | before | after | shift | p |").AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var c in changes)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| `{Short(c.Commit)}` | {c.Cell} | {c.Metric} | {c.Before:G4} | {c.After:G4} | {Signed(c.Shift)} | {c.PValue:0.000} |"));
        return md.ToString();
    }

    public static string Line(MetricChange c) => string.Create(CultureInfo.InvariantCulture,
        $"at {Short(c.Commit)} (point {c.Index + 1}): {c.Cell} {c.Metric} {c.Before:G4} -> {c.After:G4} ({Signed(c.Shift)}, p={c.PValue:0.000})");

    public static string Signed(double shift) => double.IsNaN(shift) ? "–" : (shift >= 0 ? "+" : "") + MetricFormat.Percent(shift);

    private static string Short(string commit) => commit.Length > 10 ? commit[..10] : commit;
}
