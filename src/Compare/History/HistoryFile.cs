using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Compare.Model;

namespace Bench.Compare.History;

/// <summary>One line of the history file: a metric of a cell as one commit measured it (the head side's median).</summary>
public sealed record HistoryRow
{
    [JsonPropertyName("commit")] public required string Commit { get; init; }

    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("cell")] public required string Cell { get; init; }

    [JsonPropertyName("metric")] public required string Metric { get; init; }

    [JsonPropertyName("value")] public required double Value { get; init; }

    /// <summary>Trials or rounds behind the value.</summary>
    [JsonPropertyName("n")] public int N { get; init; } = 1;
}

/// <summary>
/// The history: JSON lines, one row per commit × cell × metric, appended by every gate run
/// (CI keeps it as an artifact, a local run in reports/history/). Lines are read in file order,
/// which is the order the commits were measured; a line that is not a row is an error naming
/// its line number, so a damaged file is noticed rather than half read.
/// </summary>
public static class HistoryFile
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static IReadOnlyList<HistoryRow> Read(string path)
    {
        var rows = new List<HistoryRow>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                rows.Add(JsonSerializer.Deserialize<HistoryRow>(line, Options) ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: not a history row ({e.Message})"));
            }
        }
        return rows;
    }

    /// <summary>The head side's figures of a comparison as rows for <paramref name="commit"/>: every metric it measured, by its median.</summary>
    public static IEnumerable<HistoryRow> RowsOf(ComparisonReport report, string commit, DateTimeOffset time) =>
        report.Rows.Where(r => r.Head is { N: > 0 }).Select(r => new HistoryRow
        {
            Commit = commit,
            Time = time,
            Cell = r.Cell,
            Metric = r.Metric.Id,
            Value = r.Head!.Median,
            N = r.Head.N,
        });

    public static void Append(string path, IEnumerable<HistoryRow> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = File.AppendText(path);
        foreach (var row in rows) writer.WriteLine(JsonSerializer.Serialize(row, Options));
    }
}
