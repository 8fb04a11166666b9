using System.Text.Json;

namespace Bench.Suites.Sampling;

/// <summary>
/// Takes a target's <see cref="SettledMemory"/> with the load still on: asks Bench's servers for a full
/// collection first (<c>/stats?gc=1</c>, which also reports the live heap and what the GC keeps
/// committed), then reads RSS, threads and thread stacks of the whole process tree from /proc.
/// Targets without Bench's /stats (or one that does not answer in time) are read without the collection.
/// </summary>
public static class MemorySettle
{
    /// <summary>Where in the measured phase the reading is taken: late enough that every connection is up, early enough to finish before the phase does.</summary>
    public const double AtShareOfMeasure = 0.8;

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };

    public static async Task<SettledMemory?> TakeAsync(int pid, Uri? statsUrl, CancellationToken cancellationToken)
    {
        long? heap = null, committed = null;
        if (statsUrl is not null)
        {
            try
            {
                var json = await Client.GetStringAsync(new Uri(statsUrl, "?gc=1"), cancellationToken).ConfigureAwait(false);
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("gc_heap_bytes", out var h) && h.TryGetInt64(out long hv)) heap = hv;
                if (doc.RootElement.TryGetProperty("gc_committed_bytes", out var c) && c.TryGetInt64(out long cv)) committed = cv;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                // A busy pool may not answer (every thread held): the reading goes on without the collection.
            }
        }
        long rss = 0, stackBytes = 0;
        int threads = 0, stacks = 0;
        bool any = false;
        foreach (int p in ProcessTree.Of(pid))
        {
            if (ProcReader.Read(p) is not { } f) continue;
            any = true;
            rss += f.RssBytes;
            threads += f.Threads;
            if (StackReader.Read(p) is { } s)
            {
                stacks += s.Count;
                stackBytes += s.ResidentBytes;
            }
        }
        return any ? new SettledMemory(rss, threads, heap, committed, stacks, stackBytes) : null;
    }
}
