using Bench.Reporting.Model;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Reporting.Page;

/// <summary>
/// What the run skipped and why, one line per reason (a peer not installed, a scenario kind not in
/// this build): a skip is not a failure, so it must be stated, not merely absent from the charts.
/// </summary>
public static class SkippedSection
{
    public static void Write(StringWriter w, IReadOnlyList<ReportCell> cells)
    {
        var entries = SkipList.Of(cells.Where(c => c.Status == CellStatus.Skipped).Select(c => (c.Target, c.Scenario, c.Error)));
        if (entries.Count == 0) return;
        w.WriteLine($"<section id=\"skipped\"><h2>Skipped: {SkipList.Cells(entries.Sum(e => e.Cells))}</h2>");
        w.WriteLine("<p class=\"note\">Not measured in this run, and why. Skipping is not a failure; the other cells ran.</p><ul>");
        foreach (var e in entries) w.WriteLine($"<li>{Html.Text(SkipList.Line(e))}</li>");
        w.WriteLine("</ul></section>");
    }
}
