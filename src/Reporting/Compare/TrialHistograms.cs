using Bench.Compare.Inputs;
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
        foreach (var trial in AbTrial.ReadAll(path))
        {
            if (trial.Run?.Histograms.GetValueOrDefault("latency") is not { } encoded || !PercentileSpectrumChart.TryDecode(encoded, out var histogram)) continue;
            if (merged.TryGetValue(trial.Cell, out var sum)) sum.Add(histogram);
            else merged[trial.Cell] = histogram;
        }
        return merged;
    }
}
