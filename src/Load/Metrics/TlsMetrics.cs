using System.Collections.Concurrent;
using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>
/// The TLS handshakes of a run: how long each took (from the first ClientHello byte to the
/// handshake's end; TCP connect not included), how many were resumed and how many full, by
/// protocol version and ALPN result. Recorded from the event loops; only in the measured phase.
/// </summary>
public sealed class TlsMetrics(string verification, string? serverName, bool resume, IReadOnlyList<string> offered)
{
    public const string HandshakeName = "tlsHandshake";

    private long _full;
    private long _resumed;
    private long _failed;
    private readonly ConcurrentDictionary<string, long> _versions = new();
    private readonly ConcurrentDictionary<string, long> _alpn = new();

    public LatencyRecorder Handshake { get; } = new(HandshakeName);

    /// <summary>Set by the runner when the measured phase starts; warm-up handshakes are not counted.</summary>
    public bool Recording { get; set; }

    public void Completed(long micros, bool resumed, string version, string alpn)
    {
        if (!Recording) return;
        Handshake.Record(micros);
        Interlocked.Increment(ref resumed ? ref _resumed : ref _full);
        _versions.AddOrUpdate(version, 1, (_, n) => n + 1);
        _alpn.AddOrUpdate(alpn.Length == 0 ? "none" : alpn, 1, (_, n) => n + 1);
    }

    public void Failed()
    {
        if (Recording) Interlocked.Increment(ref _failed);
    }

    public TlsResult Summarize() => new(
        Verification: verification,
        Insecure: verification.StartsWith("OFF", StringComparison.Ordinal),
        ServerName: serverName,
        Resumption: resume,
        Full: Interlocked.Read(ref _full),
        Resumed: Interlocked.Read(ref _resumed),
        Failed: Interlocked.Read(ref _failed),
        Handshake: Percentiles.Summarize(Handshake.Cumulative),
        Versions: new SortedDictionary<string, long>(_versions),
        Alpn: new SortedDictionary<string, long>(_alpn),
        Offered: offered);
}
