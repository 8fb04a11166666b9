using System.Text.Json;
using Bench.Reporting.Charts;
using HdrHistogram;

namespace Bench.Reporting.Compare;

/// <summary>
/// The latency histograms of one side's ab trials, merged per cell: every trial's lossless
/// histogram added into one, so a cell's spectrum shows all its trials' requests. Files that are
/// not ab trials, or carry no histogram, are passed over (the verdict table does not need them).
/// </summary>
public static class TrialHistograms
{
    public static IReadOnlyDictionary<string, HistogramBase> Read(string path)
    {
        var merged = new Dictionary<string, HistogramBase>(StringComparer.Ordinal);
        if (!Directory.Exists(path)) return merged;
        foreach (var file in Directory.EnumerateFiles(path, "trial-*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var root = doc.RootElement;
                if (!root.TryGetProperty("tool", out var tool) || tool.GetString() != "loadgen-ab-trial") continue;
                if (!root.TryGetProperty("cell", out var cell) || cell.GetString() is not { } name) continue;
                if (!root.TryGetProperty("run", out var run) || !run.TryGetProperty("histograms", out var histograms)
                    || !histograms.TryGetProperty("latency", out var latency) || latency.GetString() is not { } encoded) continue;
                if (!PercentileSpectrumChart.TryDecode(encoded, out var histogram)) continue;
                if (merged.TryGetValue(name, out var sum)) sum.Add(histogram);
                else merged[name] = histogram;
            }
            catch (JsonException)
            {
            }
        }
        return merged;
    }
}
