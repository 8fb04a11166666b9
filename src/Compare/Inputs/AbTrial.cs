using System.Text.Json;
using Bench.Load.Results;

namespace Bench.Compare.Inputs;

/// <summary>
/// One ab trial as <c>TrialFile</c> writes it: the cell's name (what compare matches), the
/// server's threads after the run, and loadgen's own results file embedded unchanged, read as the
/// <see cref="RunResult"/> it is. The one reader of trial files, for the verdicts and for the charts.
/// </summary>
public sealed record AbTrial(string Cell, int? ServerThreads, RunResult? Run)
{
    public const string Tool = "loadgen-ab-trial";

    /// <summary>
    /// The trial in <paramref name="root"/>; null when it is not one (another tool's file). A trial
    /// whose run does not match loadgen's schema is an <see cref="InvalidDataException"/> naming <paramref name="source"/>.
    /// </summary>
    public static AbTrial? From(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String || tool.GetString() != Tool)
            return null;
        string cell = root.TryGetProperty("cell", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? "ab" : "ab";
        int? threads = root.TryGetProperty("serverThreads", out var t) && t.TryGetInt32(out int n) ? n : null;
        var run = root.TryGetProperty("run", out var r) && r.ValueKind == JsonValueKind.Object ? ResultsFile.FromJson(r, $"{source} (run)") : null;
        return new AbTrial(cell, threads, run);
    }

    /// <summary>Every trial file under <paramref name="directory"/> in name order; files that are not readable trials are passed over.</summary>
    public static IEnumerable<AbTrial> ReadAll(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var file in Directory.EnumerateFiles(directory, "trial-*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            AbTrial? trial;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                trial = From(doc.RootElement, file);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                continue;
            }
            if (trial is not null) yield return trial;
        }
    }
}
