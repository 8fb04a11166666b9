using Bench.Compare;
using Bench.Compare.History;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The history file (JSON lines appended per commit) and the change points found in it.</summary>
public sealed class HistoryTests
{
    [Fact]
    public void Rows_appended_per_commit_read_back_and_a_step_is_reported_at_its_commit()
    {
        using var files = new ResultFiles();
        string history = Path.Combine(files.Root, "history", "history.jsonl");
        var random = new Random(3);
        for (int commit = 0; commit < 40; commit++)
        {
            double level = commit >= 25 ? 1.05 : 1;
            string b = files.Write(files.Dir($"b{commit}"), "instructions.json", InstructionTierTests.Counts(("asgi GET /hello", 46_000, 560)));
            string h = files.Write(files.Dir($"h{commit}"), "instructions.json",
                InstructionTierTests.Counts(("asgi GET /hello", 46_000 * level * (1 + 0.002 * (random.NextDouble() - 0.5)), 560)));
            HistoryFile.Append(history, HistoryFile.RowsOf(Comparer.Compare(b, h), $"c{commit:00}", DateTimeOffset.UnixEpoch.AddHours(commit)));
        }

        var rows = HistoryFile.Read(history);
        Assert.Equal(80, rows.Count); // instructions and allocations, per commit
        var series = ChangePointReport.Analyse(rows);
        var instructions = series.Single(s => s.Metric == "instructions.perOp.allThreads");
        var change = Assert.Single(instructions.Changes);
        Assert.Equal(("c25", 25), (change.Commit, change.Index));
        Assert.InRange(change.Shift, 0.045, 0.055);
        Assert.Empty(series.Single(s => s.Metric == "alloc.bytesPerOp").Changes);
    }

    [Fact]
    public void A_damaged_line_is_an_error_naming_the_line()
    {
        using var files = new ResultFiles();
        string path = Path.Combine(files.Root, "history.jsonl");
        File.WriteAllLines(path, ["{\"commit\":\"a\",\"time\":\"2026-01-01T00:00:00Z\",\"cell\":\"x\",\"metric\":\"m\",\"value\":1}", "{not json"]);
        var error = Assert.Throws<InvalidDataException>(() => HistoryFile.Read(path));
        Assert.Contains("history.jsonl:2", error.Message);
    }

    [Fact]
    public void A_short_history_has_no_change_points_rather_than_a_guess()
    {
        var rows = Enumerable.Range(0, 6).Select(i => new HistoryRow { Commit = $"c{i}", Time = DateTimeOffset.UnixEpoch, Cell = "x", Metric = "m", Value = i < 3 ? 100 : 200 }).ToList();
        Assert.Empty(Assert.Single(ChangePointReport.Analyse(rows)).Changes);
    }
}
