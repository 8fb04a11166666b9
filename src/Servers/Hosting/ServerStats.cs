using System.Text.Json;

namespace Bench.Servers.Hosting;

/// <summary>
/// Live counters every target reports on <c>/stats</c>, so the load generator can cross-check its own
/// counts. Updated with Interlocked; reading is a snapshot, not a transaction.
/// </summary>
public sealed class ServerStats
{
    private long _openConnections;
    private long _activeRequests;
    private long _openWebSockets;
    private long _openSseStreams;
    private long _busyThreads;
    private long _totalRequests;

    public required string Model { get; init; }
    /// <summary>Threads that run application code (the pool size, or the number of loops); 0 when not fixed.</summary>
    public int AppThreads { get; init; }

    public void ConnectionOpened() => Interlocked.Increment(ref _openConnections);
    public void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);
    public void RequestStarted() { Interlocked.Increment(ref _activeRequests); Interlocked.Increment(ref _totalRequests); }
    public void RequestEnded() => Interlocked.Decrement(ref _activeRequests);
    public void WebSocketOpened() => Interlocked.Increment(ref _openWebSockets);
    public void WebSocketClosed() => Interlocked.Decrement(ref _openWebSockets);
    public void SseOpened() => Interlocked.Increment(ref _openSseStreams);
    public void SseClosed() => Interlocked.Decrement(ref _openSseStreams);
    public void ThreadBusy() => Interlocked.Increment(ref _busyThreads);
    public void ThreadIdle() => Interlocked.Decrement(ref _busyThreads);

    /// <summary>The server's own share of each WebSocket echo (on /stats as <c>ws_echo_server_us</c>).</summary>
    public EchoTimes Echoes { get; } = new();

    public long OpenConnections => Interlocked.Read(ref _openConnections);
    public long ActiveRequests => Interlocked.Read(ref _activeRequests);
    public long OpenWebSockets => Interlocked.Read(ref _openWebSockets);
    public long OpenSseStreams => Interlocked.Read(ref _openSseStreams);
    public long BusyThreads => Interlocked.Read(ref _busyThreads);
    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    /// <summary>
    /// The counters as /stats answers them. With <paramref name="settleGc"/> (<c>/stats?gc=1</c>) it first
    /// runs a full blocking, compacting collection and adds <c>gc_heap_bytes</c> (the live heap after it)
    /// and <c>gc_committed_bytes</c> (what the GC keeps committed), so RSS read right after holds no
    /// garbage and the GC's slack (committed minus live) can be told apart from the rest of RSS.
    /// Without it those two are left out rather than reported stale from whenever the last GC ran.
    /// <c>ws_echo_server_us</c> (count and percentiles, µs) appears once an echo has been timed;
    /// <paramref name="resetEchoes"/> (<c>/stats?reset=1</c>) starts its next reading afresh.
    /// </summary>
    public byte[] ToJson(bool settleGc = false, bool resetEchoes = false)
    {
        long busy = BusyThreads;
        var counters = new Dictionary<string, object>
        {
            ["model"] = Model,
            ["open_connections"] = OpenConnections,
            ["active_requests"] = ActiveRequests,
            ["open_websockets"] = OpenWebSockets,
            ["open_sse_streams"] = OpenSseStreams,
            ["busy_threads"] = busy,
            ["idle_threads"] = AppThreads > 0 ? Math.Max(0, AppThreads - busy) : 0,
            ["total_requests"] = TotalRequests,
            ["process_threads"] = System.Diagnostics.Process.GetCurrentProcess().Threads.Count,
        };
        if (Echoes.Read(resetEchoes) is { } echoes) counters["ws_echo_server_us"] = echoes;
        if (settleGc)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            counters["gc_heap_bytes"] = gc.HeapSizeBytes;
            counters["gc_committed_bytes"] = gc.TotalCommittedBytes;
        }
        return JsonSerializer.SerializeToUtf8Bytes(counters);
    }
}
