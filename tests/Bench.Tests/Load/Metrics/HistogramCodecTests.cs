using Bench.Load.Metrics;
using Bench.Tests.Load.Merge;
using Xunit;

namespace Bench.Tests.Load.Metrics;

/// <summary>Results files carry histograms as compressed base64; every one must decode to the same buckets, however many it has.</summary>
public sealed class HistogramCodecTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(100_000)]
    public void A_histogram_round_trips_bucket_for_bucket(int values)
    {
        var random = new Random(5);
        var h = LatencyRecorder.NewHistogram();
        // Spread over the whole range, so a large sample fills thousands of buckets (what a long SSE lag histogram looks like).
        for (int i = 0; i < values; i++) h.RecordValue(Math.Max(1, (long)Math.Exp(random.NextDouble() * Math.Log(LatencyRecorder.HighestMicros))));

        var back = HistogramCodec.Decode(HistogramCodec.Encode(h));

        MergeTests.AssertSameBuckets(h, back);
    }
}
