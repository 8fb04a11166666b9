using System.Diagnostics;
using Xunit;
using Bench.Suites;
using Bench.Suites.Sampling;

namespace Bench.Tests.Suites.Sampling;

/// <summary>
/// The settled memory reading claim 1 uses: thread stacks found in /proc/PID/smaps, the server's own
/// full collection through /stats?gc=1, and per-thread CPU from schedstat (py-cost calibration).
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SettledMemoryTests
{
    [Fact]
    public void Stacks_are_the_guarded_anonymous_mappings_of_the_shared_size_and_their_rss_is_what_was_touched()
    {
        string[] smaps =
        [
            "7f0000000000-7f0000001000 ---p 00000000 00:00 0 ",
            "Rss:                   0 kB",
            "7f0000001000-7f0000801000 rw-p 00000000 00:00 0 ",
            "Size:               8192 kB",
            "Rss:                  24 kB",
            "7f0000801000-7f0000802000 ---p 00000000 00:00 0 ",
            "Rss:                   0 kB",
            "7f0000802000-7f0001002000 rw-p 00000000 00:00 0 ",
            "Rss:                  16 kB",
            "7f0001002000-7f0001003000 ---p 00000000 00:00 0 ",
            "7f0001003000-7f0001006000 rw-p 00000000 00:00 0 ",      // 12 KiB behind a guard: too small for a stack
            "Rss:                  12 kB",
            "7f0002000000-7f0002800000 rw-p 00000000 00:00 0 ",      // 8 MiB but no guard below: a heap, not a stack
            "Rss:                4000 kB",
            "7f0003000000-7f0003001000 ---p 00000000 00:00 0 ",
            "7f0003001000-7f0003201000 rw-p 00000000 08:01 1234   /usr/lib/libfoo.so",   // file-backed
            "Rss:                 100 kB",
        ];

        var s = StackReader.Parse(smaps);

        Assert.Equal(2, s.Count);
        Assert.Equal(40 * 1024, s.ResidentBytes);
    }

    [Fact]
    public async Task A_settled_reading_of_a_64_thread_twin_finds_its_stacks_and_the_gc_after_its_collection()
    {
        var spec = new TargetSpec { Name = "w", Kind = "wsgi", Model = "wsgi", ServerArgs = ["--threads", "64"], HasStats = true };
        await using var target = await TargetProcess.StartAsync(spec, RepoPaths.ServerExecutable(), null, CancellationToken.None);

        var m = await MemorySettle.TakeAsync(target.Pid!.Value, new Uri(target.BaseUrl, "/stats"), CancellationToken.None);

        Assert.NotNull(m);
        Assert.True(m.Threads >= 64, $"threads {m.Threads}");
        Assert.InRange(m.StackCount, 64, m.Threads);
        Assert.InRange(m.StackKiBPerThread!.Value, 4, 8192);
        Assert.NotNull(m.GcHeapBytes);
        Assert.True(m.GcCommittedBytes >= m.GcHeapBytes, $"committed {m.GcCommittedBytes} < heap {m.GcHeapBytes}");
        Assert.InRange(m.RssWithoutGcSlackBytes, 1, m.RssBytes);
    }

    [Fact]
    public void Thread_cpu_counts_only_the_threads_asked_for()
    {
        int me = Environment.ProcessId;
        double all = ThreadCpu.Seconds(me);
        double none = ThreadCpu.Seconds(me, _ => false);

        Assert.True(all > 0);
        Assert.Equal(0, none);
        Assert.True(ThreadCpu.IsAppThread("asgi-loop-0"));
        Assert.True(ThreadCpu.IsAppThread("wsgi-0-17"));
        Assert.False(ThreadCpu.IsAppThread("wsgi-0-accept"));
        Assert.False(ThreadCpu.IsAppThread(".NET TP Worker"));
    }
}
