using Bench.Load.Metrics;
using HdrHistogram;

namespace Bench.Load.Merge;

/// <summary>Adds encoded HdrHistograms count for count: the sum is the histogram of all values the parts recorded.</summary>
internal static class HistogramSum
{
    public static HistogramBase Of(IEnumerable<string?> encoded)
    {
        var sum = LatencyRecorder.NewHistogram();
        foreach (var e in encoded)
            if (!string.IsNullOrEmpty(e)) sum.Add(HistogramCodec.Decode(e));
        return sum;
    }

    /// <summary>Every histogram name any part has, each summed over the parts that have it.</summary>
    public static Dictionary<string, HistogramBase> ByName(IEnumerable<IReadOnlyDictionary<string, string>> parts)
    {
        var list = parts.ToList();
        return list.SelectMany(p => p.Keys).Distinct().ToDictionary(name => name, name => Of(list.Select(p => p.GetValueOrDefault(name))));
    }
}
