using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>
/// The generator's own memory per held connection, measured in-process: RSS and managed heap
/// when the run starts, and again when the hold ends with every connection still open. RSS
/// alone overstates the cost (garbage from per-event work waits in the heap for a full GC),
/// so the end measurement is taken both before and after a forced full collection — at that
/// instant the hold is over, so the pause disturbs nothing that is measured.
/// </summary>
public sealed class GeneratorMemory
{
    private readonly long _rssStart = RssKiB();
    private readonly long _heapStart = GC.GetTotalMemory(forceFullCollection: false) / 1024;

    public MemoryInfo AtHoldEnd(long connections)
    {
        long rss = RssKiB();
        long heap = GC.GetTotalMemory(forceFullCollection: false) / 1024;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        long liveHeap = GC.GetTotalMemory(forceFullCollection: true) / 1024;
        long rssAfter = RssKiB();
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        double per(long end, long start) => connections > 0 ? Math.Round((double)(end - start) / connections, 2) : 0;
        return new MemoryInfo(connections, _rssStart, rss, rssAfter, _heapStart, heap, liveHeap,
            RssKiBPerConnection: per(rss, _rssStart),
            RssAfterGcKiBPerConnection: per(rssAfter, _rssStart),
            LiveHeapKiBPerConnection: per(liveHeap, _heapStart))
        {
            GcCommittedKiB = gc.TotalCommittedBytes / 1024,
            GcFragmentedKiB = gc.FragmentedBytes / 1024,
            DescriptorsAtHoldEnd = OpenDescriptors(),
        };
    }

    /// <summary>Entries of /proc/self/fd; 0 where /proc is missing.</summary>
    public static long OpenDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>VmRSS of this process from /proc/self/status; 0 where /proc is missing.</summary>
    public static long RssKiB()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }
}
