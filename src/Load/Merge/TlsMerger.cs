using Bench.Load.Metrics;
using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Merge;

/// <summary>
/// The TLS section of a merged run: handshake counters and per-version/ALPN tables summed, the
/// handshake percentiles read from the shards' "tlsHandshake" histograms added bucket for bucket.
/// Shards of one run share one set of TLS settings (<see cref="ShardSet"/> refuses others).
/// </summary>
internal static class TlsMerger
{
    public static TlsResult? Merge(IReadOnlyList<RunResult> runs, IReadOnlyDictionary<string, HistogramBase> histograms)
    {
        var parts = runs.Select(r => r.Tls).OfType<TlsResult>().ToList();
        if (parts.Count == 0) return null;
        var handshake = histograms.TryGetValue(TlsMetrics.HandshakeName, out var h) ? h : LatencyRecorder.NewHistogram();
        return parts[0] with
        {
            Full = parts.Sum(p => p.Full),
            Resumed = parts.Sum(p => p.Resumed),
            Failed = parts.Sum(p => p.Failed),
            Handshake = Percentiles.Summarize(handshake),
            Versions = new SortedDictionary<string, long>(CountTables.Sum(parts.Select(p => p.Versions))),
            Alpn = new SortedDictionary<string, long>(CountTables.Sum(parts.Select(p => p.Alpn))),
        };
    }

    /// <summary>What the user chose, in one line; "plaintext" for a shard without TLS.</summary>
    public static string Settings(TlsResult? tls) => tls is null ? "plaintext"
        : $"verify {tls.Verification}, sni {tls.ServerName ?? "(URL host)"}, resumption {(tls.Resumption ? "on" : "off")}, offered {string.Join(" ", tls.Offered ?? [])}";
}
