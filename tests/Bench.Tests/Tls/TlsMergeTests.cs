using Bench.Load.Merge;
using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Tests.Load.Merge;
using Bench.Tests.Load.Support;
using Bench.Tests.LoadGen.Scale;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// An https run in shards (<c>--processes 2</c>, i.e. <c>loadgen run --shard I/2</c> twice and one
/// merge) keeps its TLS section: handshakes counted as both shards counted them, the handshake
/// histogram the bucket-for-bucket sum of theirs, the request count nginx's.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class TlsMergeTests
{
    [Fact]
    public async Task Two_shards_of_an_https_run_merge_their_handshakes_losslessly()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        string file = pki.Path("merged.json");

        // A new connection per request: every request is a handshake, most of them resumed.
        var (exit, output, err) = await ScaleCli.RunAsync("run", "--url", $"https://localhost:{nginx.Ports.Https}/hello", "--ca", pki.AuthorityPem,
            "--header", "Connection: close", "--vus", "4", "--iterations", "10", "--processes", "2", "--timeout", "30s", "--out", file);

        Assert.True(exit is 0 or 3, $"exit {exit}\n{output}\n{err}");
        var merged = ResultsFile.Read(file);
        var shards = Enumerable.Range(0, 2).Select(i => ResultsFile.Read(Path.Combine(file + ".shards", $"shard-{i}.json"))).ToList();
        Assert.Equal(40, merged.Totals.Ok);
        await Eventually.EqualAsync(40, () => nginx.Count(nginx.Ports.Https));

        var tls = Assert.IsType<TlsResult>(merged.Tls);
        var parts = shards.Select(s => Assert.IsType<TlsResult>(s.Tls)).ToList();
        Assert.All(parts, p => Assert.Equal(20, p.Full + p.Resumed));
        Assert.Equal(parts.Sum(p => p.Full), tls.Full);
        Assert.Equal(parts.Sum(p => p.Resumed), tls.Resumed);
        Assert.Equal(40, tls.Full + tls.Resumed);
        Assert.Equal(nginx.Log().Count(e => e.SessionReused), tls.Resumed);
        Assert.Equal(0, tls.Failed);
        Assert.Equal(40, tls.Versions.Values.Sum());
        Assert.Equal(40, tls.Alpn["http/1.1"]);
        Assert.Equal($"ca {pki.AuthorityPem}", tls.Verification);
        Assert.Equal(["TLSv1.2", "TLSv1.3"], tls.Offered!);

        var sum = LatencyRecorder.NewHistogram();
        foreach (var s in shards) sum.Add(HistogramCodec.Decode(s.Histograms[TlsMetrics.HandshakeName]));
        MergeTests.AssertSameBuckets(sum, HistogramCodec.Decode(merged.Histograms[TlsMetrics.HandshakeName]));
        Assert.Equal(40, tls.Handshake.Count);
        Assert.Equal(sum.GetValueAtPercentile(99), tls.Handshake.P99);
        Assert.Equal(sum.GetValueAtPercentile(50), tls.Handshake.P50);
        Assert.Contains("  tls        ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shards_with_different_tls_settings_are_not_merged()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        string url = $"https://localhost:{nginx.Ports.Https}/hello";
        var files = new List<ShardFile>();
        foreach (var (shard, resume) in new[] { ("0/2", "on"), ("1/2", "off") })
        {
            string path = pki.Path($"shard-{shard[0]}.json");
            var run = await LoadgenRun.StartAsync(path, "--url", url, "--ca", pki.AuthorityPem, "--tls-resume", resume,
                "--shard", shard, "--run-id", "tls-merge", "--vus", "2", "--iterations", "2", "--timeout", "30s");
            Assert.True(run.Exit is 0 or 3, run.ToString());
            files.Add(new ShardFile(path, run.Result!));
        }

        var refused = Assert.Throws<MergeRefusedException>(() => RunMerger.Merge(files));
        Assert.StartsWith("shard-1.json is not a shard of the same run as shard-0.json: TLS settings differ (", refused.Message, StringComparison.Ordinal);
        Assert.Contains("resumption off", refused.Message, StringComparison.Ordinal);
    }
}
