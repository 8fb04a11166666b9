namespace Bench.Load.Results;

/// <summary>
/// A long-lived scenario's own figures (schema version 2). Names are the scenario's (see each
/// scenario's layout): counters such as "events", "gaps", "sent"; gauges such as "streaming";
/// latencies such as "lag", "rtt"; microseconds as everywhere.
/// </summary>
public sealed record StreamResult
{
    /// <summary>"sse", "ws" (ws-echo), "chat" (ws-chat) or "hold": the prefix thresholds use.</summary>
    public required string Kind { get; init; }

    public IReadOnlyDictionary<string, long> Counters { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, GaugeSummary> Gauges { get; init; } = new Dictionary<string, GaugeSummary>();

    public IReadOnlyDictionary<string, LatencySummary> Latencies { get; init; } = new Dictionary<string, LatencySummary>();

    /// <summary>What each of <see cref="Latencies"/> measures ("connect", "handshake", "first-event", "delivery-lag", "round-trip", "generator-send-lag"...; see LatencyKinds).</summary>
    public IReadOnlyDictionary<string, string> LatencyKinds { get; init; } = new Dictionary<string, string>();

    /// <summary>The generator's own delay, p99 in microseconds: how late its event loops ran a due timer during the run. Part of every lag and RTT here.</summary>
    public long GeneratorLagP99 { get; init; }

    /// <summary>WebSocket closes by code; 1006 means the connection ended without a close frame.</summary>
    public IReadOnlyDictionary<string, long> CloseCodes { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<StreamPoint> Series { get; init; } = [];

    /// <summary>What a latency measured from a server timestamp assumes about the two clocks.</summary>
    public string? ClockAssumption { get; init; }

    public CapacityInfo? Capacity { get; init; }

    /// <summary>The generator's own memory per held connection, measured when the hold ended.</summary>
    public MemoryInfo? GeneratorMemory { get; init; }

    /// <summary>Streams the server ended before their last event (error "ended-early"), with the last event ids it had sent; null when none did.</summary>
    public EndedEarlyInfo? EndedEarly { get; init; }

    /// <summary>Plain sentences a report can quote: "8 streaming, 92 waiting or failed when the hold ended".</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];
}

/// <summary>How many streams ended early and the range of the server's last event id among them (0 when it sent none).</summary>
public sealed record EndedEarlyInfo(long Streams, long LastEventIdMin, long LastEventIdMax);

/// <summary>A gauge now, at its peak, and frozen when the hold ended (before sessions were closed).</summary>
public sealed record GaugeSummary(long Current, long Peak, long? AtHoldEnd);

/// <summary>One second of a long-lived scenario: counter increments, gauge levels, p99 of each latency in that second.</summary>
public sealed record StreamPoint(
    int Second,
    double ElapsedSeconds,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, long> Gauges,
    IReadOnlyDictionary<string, long> P99)
{
    /// <summary>Each latency's histogram of this second (HdrHistogram compressed base64), so shards' seconds merge exactly; null in older files.</summary>
    public IReadOnlyDictionary<string, string>? Histograms { get; init; }
}

/// <summary>
/// What fits in this process: descriptors (RLIMIT_NOFILE) and ephemeral ports per target
/// endpoint and source address, against what the run asks for.
/// </summary>
public sealed record CapacityInfo(
    long DescriptorSoftLimit,
    long DescriptorHardLimit,
    long DescriptorsInUse,
    int EphemeralPorts,
    int SourceAddresses,
    long ConnectionsAsked,
    long ConnectionsThatFit,
    string Verdict);

/// <summary>One scenario of a mixed run, started <see cref="StartSeconds"/> after the run began.</summary>
public sealed record ScenarioPart(string Name, double StartSeconds, RunResult Result);

/// <summary>
/// The generator's memory with <see cref="Connections"/> held (KiB): RSS at the start of the
/// run, at the end of the hold, and after a forced full GC; the managed heap likewise. The
/// per-connection figures divide the growth since the start by the connections held.
/// </summary>
public sealed record MemoryInfo(
    long Connections,
    long RssStartKiB,
    long RssAtHoldEndKiB,
    long RssAfterGcKiB,
    long HeapStartKiB,
    long HeapAtHoldEndKiB,
    long LiveHeapKiB,
    double RssKiBPerConnection,
    double RssAfterGcKiBPerConnection,
    double LiveHeapKiBPerConnection)
{
    /// <summary>Memory the GC holds committed after the forced collection: what RSS keeps beyond the live heap.</summary>
    public long GcCommittedKiB { get; init; }

    public long GcFragmentedKiB { get; init; }

    /// <summary>Open file descriptors of the process when the hold ended (every held connection is one).</summary>
    public long DescriptorsAtHoldEnd { get; init; }
}
