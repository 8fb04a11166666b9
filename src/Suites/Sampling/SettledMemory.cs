namespace Bench.Suites.Sampling;

/// <summary>
/// A target's memory with the load still on, taken near the end of the measured phase right after its
/// own full collection (<c>/stats?gc=1</c> on Bench's servers): RSS and threads from /proc, the GC's
/// live heap and committed bytes from the server, and thread stacks from /proc/PID/smaps (anonymous
/// mappings behind a guard page, of the size most of them share: the threads' stacks).
/// </summary>
public sealed record SettledMemory(
    long RssBytes,
    int Threads,
    long? GcHeapBytes,
    long? GcCommittedBytes,
    int StackCount,
    long StackResidentBytes)
{
    /// <summary>What the GC keeps committed beyond its live heap after a full collection: budget and free space, not connections.</summary>
    public long GcSlackBytes => GcCommittedBytes is { } c && GcHeapBytes is { } h ? Math.Max(0, c - h) : 0;

    /// <summary>RSS without the GC's slack: what the process needs for what it holds.</summary>
    public long RssWithoutGcSlackBytes => Math.Max(0, RssBytes - GcSlackBytes);

    /// <summary>Resident stack per thread stack found, KiB; null when none was found.</summary>
    public double? StackKiBPerThread => StackCount > 0 ? StackResidentBytes / 1024.0 / StackCount : null;
}
