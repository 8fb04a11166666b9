using Bench.Reporting.Charts;
using Bench.Reporting.Model;
using HdrHistogram;

namespace Bench.Reporting;

/// <summary>
/// Writes each cell's latency histogram as HdrHistogram's percentile distribution text (.hgrm),
/// in milliseconds, the format HdrHistogram's own plotter and wrk2's spectrum readers load.
/// </summary>
public static class HgrmWriter
{
    /// <returns>cell id → path relative to <paramref name="outDir"/>.</returns>
    public static IReadOnlyDictionary<string, string> WriteAll(IEnumerable<ReportCell> cells, string outDir)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            if (cell.Result?.Histograms.TryGetValue("latency", out string? encoded) != true) continue;
            if (!PercentileSpectrumChart.TryDecode(encoded!, out var histogram) || histogram.TotalCount == 0) continue;
            string name = Unique(SafeName(cell.Id), used);
            string relative = $"hgrm/{name}.hgrm";
            Directory.CreateDirectory(Path.Combine(outDir, "hgrm"));
            using (var writer = new StreamWriter(Path.Combine(outDir, relative)))
                histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: 1000.0);
            files[cell.Id] = relative;
        }
        return files;
    }

    /// <summary>Cell ids contain '/', and come from a file: keep only characters safe in any file name.</summary>
    public static string SafeName(string id)
    {
        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        string name = new string(chars).Trim('.');
        return name.Length == 0 ? "cell" : name.Length > 120 ? name[..120] : name;
    }

    private static string Unique(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int i = 2; !used.Add(candidate); i++) candidate = $"{name}-{i}";
        return candidate;
    }
}
