using Xunit;
using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Load.Results;

[Collection(LoadCollection.Name)]
public sealed class ResultsRoundTripTests
{
    [Fact]
    public async Task Reading_the_results_file_back_reproduces_the_same_percentiles()
    {
        await using var server = await TestServer.StartAsync();
        var result = await Runs.RunAsync(server.Url("/hello"), new ConstantRate { Rate = 500, Duration = TimeSpan.FromSeconds(1.5), Vus = 10 });
        string path = Path.Combine(Path.GetTempPath(), $"loadgen-roundtrip-{Guid.NewGuid():N}.json");
        try
        {
            ResultsFile.Write(path, result);
            var read = ResultsFile.Read(path);

            Assert.Equal(ResultsSchema.Version, read.SchemaVersion);
            Assert.Equal(result.Latency, read.Latency);
            Assert.Equal(result.Totals.Requests, read.Totals.Requests);
            foreach (var (name, encoded) in read.Histograms)
                Assert.Equal(Summary(result.Histograms[name]), Summary(encoded));
            Assert.Equal(result.Latency.Latency, Summary(read.Histograms["latency"]));
            Assert.Equal(read.Totals.Requests, read.Series.Sum(p => HistogramCodec.Decode(p.LatencyHistogram).TotalCount));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_interrupted_run_leaves_a_readable_file_with_what_was_measured()
    {
        await using var server = await TestServer.StartAsync();
        string path = Path.Combine(Path.GetTempPath(), $"loadgen-interrupted-{Guid.NewGuid():N}.json");
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        try
        {
            var result = await Runs.RunAsync(server.Url("/hello"), new ConstantRate { Rate = 300, Duration = TimeSpan.FromSeconds(30), Vus = 5 },
                observer: new ResultsFileObserver(path, TextWriter.Null), cancellationToken: ctrlC.Token);
            var read = ResultsFile.Read(path);

            Assert.Equal(RunStatus.Interrupted, read.Status);
            Assert.InRange(read.Totals.DurationSeconds, 1, 5);
            Assert.Equal(server.Count, read.Totals.Requests);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LatencySummary Summary(string encoded) => Percentiles.Summarize(HistogramCodec.Decode(encoded));
}
