using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// What a run did not measure and why, grouped by reason: "gunicorn-sync, uvicorn-raw (10 cells):
/// target not available: requires Python module 'gunicorn' …". Shared by the console summary and
/// the report so both say the same thing; skipping is never a failure, so it must be visible.
/// </summary>
public static class SkipList
{
    public sealed record Entry(IReadOnlyList<string> Targets, IReadOnlyList<string> Scenarios, int Cells, string Reason);

    public static IReadOnlyList<Entry> Of(IEnumerable<(string Target, string Scenario, string? Reason)> skipped) =>
        skipped.GroupBy(s => s.Reason ?? "no reason recorded", StringComparer.Ordinal)
            .Select(g => new Entry(
                g.Select(s => s.Target).Distinct(StringComparer.Ordinal).ToList(),
                g.Select(s => s.Scenario).Distinct(StringComparer.Ordinal).ToList(),
                g.Count(),
                g.Key))
            .ToList();

    public static IReadOnlyList<Entry> Of(IEnumerable<CellResult> cells) =>
        Of(cells.Where(c => c.Status == CellStatus.Skipped).Select(c => (c.Target.Name, c.Scenario.Name, c.Reason)));

    /// <summary>One line per reason: targets (and scenarios, when the reason is about them), cell count, reason.</summary>
    public static string Line(Entry e)
    {
        bool aboutScenario = e.Reason.StartsWith("scenario", StringComparison.Ordinal);
        string what = aboutScenario ? $"{string.Join(", ", e.Scenarios)} on {string.Join(", ", e.Targets)}" : string.Join(", ", e.Targets);
        return $"{what} ({Cells(e.Cells)}): {e.Reason}";
    }

    public static string Cells(int n) => n == 1 ? "1 cell" : $"{n} cells";

    /// <summary>The console's closing list; nothing when nothing was skipped.</summary>
    public static void Print(IEnumerable<CellResult> cells, TextWriter o)
    {
        var entries = Of(cells);
        if (entries.Count == 0) return;
        o.WriteLine();
        o.WriteLine($"skipped (not a failure): {Cells(entries.Sum(e => e.Cells))}");
        foreach (var e in entries) o.WriteLine("  " + Line(e));
    }
}
