using System.Globalization;
using Bench.Load.Results;
using Bench.Tests.LongLived;
using Bench.Tests.Load.Support;
using Xunit;

namespace Bench.Tests.LoadGen.Scale;

/// <summary><c>loadgen run --shard I/N --start-at T</c> against the ASGI twin: the shard's part, its metadata, and every bad flag in one line.</summary>
[Collection(LoadCollection.Name)]
public sealed class ShardRunTests
{
    [Fact]
    public async Task A_shard_runs_its_part_and_its_file_says_which_shard_of_which_run()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        string file = ScaleCli.TempFile("shard.json");

        var (exit, output, err) = await ScaleCli.RunAsync("run", "--url", LongLivedTargets.Http(server, "/hello").ToString(), "--vus", "5", "--duration", "1s",
            "--shard", "1/3", "--run-id", "t-1", "--out", file);

        Assert.True(exit is 0 or 3, err);
        var r = ResultsFile.Read(file);
        var shard = Assert.IsType<ShardInfo>(r.Shard);
        Assert.Equal((1, 3, "t-1", Environment.MachineName), (shard.Index, shard.Count, shard.RunId, shard.Host));
        Assert.Equal("5 VUs for 1s", shard.Run);
        Assert.Contains("shard 1/3: 2 of its 5 VUs", r.Config.ModelDescription);
        // The file records the whole run's model, so every shard's file agrees on it.
        Assert.Equal(5, r.Config.ModelParameters.GetProperty("vus").GetInt32());
        Assert.True(r.Totals.Requests > 0);
        Assert.NotNull(r.MeasuredFrom);
        Assert.Contains("shard      1/3", output);
    }

    [Fact]
    public async Task A_shard_with_nothing_to_do_says_so_and_still_writes_its_file()
    {
        string file = ScaleCli.TempFile("empty.json");

        var (exit, output, err) = await ScaleCli.RunAsync("run", "--url", "http://127.0.0.1:9/hello", "--vus", "2", "--duration", "30s", "--shard", "2/3", "--out", file);

        Assert.Equal(0, exit);
        Assert.Contains("nothing to do (the run's 2 VUs go to other shards)", output);
        var r = ResultsFile.Read(file);
        Assert.Equal((RunStatus.Completed, 0L, 2), (r.Status, r.Totals.Requests, r.Shard!.Index));
        Assert.Empty(err);
    }

    [Fact]
    public async Task A_shard_that_starts_late_says_by_how_much_and_is_not_valid()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        string file = ScaleCli.TempFile("late.json");
        var startAt = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        var (exit, output, _) = await ScaleCli.RunAsync("run", "--url", LongLivedTargets.Http(server, "/hello").ToString(), "--vus", "1", "--duration", "500ms",
            "--shard", "0/2", "--start-at", startAt, "--out", file);

        Assert.Equal(3, exit);
        var r = ResultsFile.Read(file);
        Assert.True(r.Shard!.StartSkewMs >= 5000, $"skew {r.Shard.StartSkewMs}");
        Assert.Contains(r.Validity.Reasons, x => x.Contains("after --start-at", StringComparison.Ordinal));
        Assert.Contains("load began", output);
    }

    [Fact]
    public async Task A_start_time_ahead_is_waited_for()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        string file = ScaleCli.TempFile("wait.json");
        string text = DateTimeOffset.UtcNow.AddSeconds(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var at = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

        var (exit, _, err) = await ScaleCli.RunAsync("run", "--url", LongLivedTargets.Http(server, "/hello").ToString(), "--vus", "1", "--duration", "300ms",
            "--start-at", text, "--shard", "0/1", "--out", file);

        Assert.True(exit is 0 or 3, err);
        var r = ResultsFile.Read(file);
        Assert.True(r.MeasuredFrom >= at, $"began {r.MeasuredFrom:O}, asked {at:O}");
        Assert.True(r.Shard!.StartSkewMs >= 0, $"skew {r.Shard.StartSkewMs} ms: the load began before the agreed time");
    }

    [Theory]
    [InlineData("--shard 3/3", "--shard: '3/3': index 3 is out of range for 3 shards (0..2)")]
    [InlineData("--shard x", "--shard: 'x' is not INDEX/COUNT")]
    [InlineData("--start-at 2026-11-30", "--start-at: '2026-11-30' is not an RFC 3339 time")]
    [InlineData("--processes 0", "--processes: must be in [1, 64] (got 0)")]
    [InlineData("--processes 2 --shard 0/2", "--processes: cannot be combined with --shard")]
    [InlineData("--processes 3 --cpu 1", "--processes: 3 processes need at least 3 CPUs in --cpu, one each (--cpu 1 gives 1)")]
    [InlineData("--scenario hold --processes 3 --source-addresses 127.0.0.2-127.0.0.3", "--source-addresses: 2 addresses cannot be divided among 3 processes")]
    [InlineData("--scenario hold --source-addresses 127.0.0.2-127.0.0.4,127.0.0.4", "--source-addresses: 127.0.0.4 is given twice (the ranges overlap)")]
    [InlineData("--run-id a/b", "--run-id: 'a/b' must be")]
    public async Task A_bad_scale_flag_is_one_line_naming_it(string flags, string expected)
    {
        var (exit, _, err) = await ScaleCli.RunAsync(["run", "--url", "http://127.0.0.1:9/", "--duration", "1s", .. flags.Split(' ')]);

        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"loadgen: {expected}", line);
    }
}
