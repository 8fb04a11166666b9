using Xunit;
using Bench.Suites.Sampling;
using Bench.Suites;

namespace Bench.Tests.Suites.Sampling;

[Collection(SuiteCollection.Name)]
public sealed class SamplerTests
{
    [Fact]
    public async Task Rss_and_threads_agree_with_proc_status_read_independently()
    {
        var spec = new TargetSpec { Name = "w", Kind = "wsgi", Model = "wsgi", ServerArgs = ["--threads", "24"], HasStats = true };
        await using var target = await TargetProcess.StartAsync(spec, RepoPaths.ServerExecutable(), null, CancellationToken.None);
        await using var sampler = new ServerSampler(target.Pid, new Uri(target.BaseUrl, "/stats"));

        // The stats probe gives up after 800 ms (a sampler must not stall a run); a cold server on a
        // loaded machine can take longer to answer its first /stats, so sample until it has answered.
        var sample = await sampler.SampleNowAsync();
        for (var deadline = DateTime.UtcNow.AddSeconds(15); sample.Stats is null && DateTime.UtcNow < deadline;)
            sample = await sampler.SampleNowAsync();
        var (rss, threads) = ReadStatus(target.Pid!.Value);

        // Both reads are of a live process a few milliseconds apart: allow small drift, not a different figure.
        Assert.InRange(sample.RssBytes, rss * 0.9, rss * 1.1);
        Assert.InRange(sample.Threads, threads - 2, threads + 2);
        Assert.True(sample.Threads >= 24, $"24 pool threads expected, sampled {sample.Threads}");
        Assert.Equal(1, sample.Processes);
        Assert.True(sample.OpenFiles > 0);
        Assert.NotNull(sample.Stats);
        Assert.Equal(24, sample.Stats!.BusyThreads + sample.Stats.IdleThreads);
    }

    [Fact]
    public void Proc_parsing_reads_rss_threads_and_cpu_ticks()
    {
        var (rss, threads) = ProcReader.ParseStatus("Name:\tx\nVmRSS:\t  2048 kB\nThreads:\t7\n");
        long ticks = ProcReader.ParseCpuTicks("42 (a b) c) S 1 42 42 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 7 0 1 2 3");

        Assert.Equal(2048 * 1024, rss);
        Assert.Equal(7, threads);
        Assert.Equal(175, ticks);
    }

    private static (long Rss, int Threads) ReadStatus(int pid)
    {
        long rss = 0;
        int threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var parts = line.Split(':', 2);
            if (parts[0] == "VmRSS") rss = long.Parse(parts[1].Trim().Split(' ')[0]) * 1024;
            if (parts[0] == "Threads") threads = int.Parse(parts[1].Trim());
        }
        return (rss, threads);
    }
}
