using BenchmarkDotNet.Attributes;
using Bench.Load.Metrics;

namespace Bench.Micro;

/// <summary>The load generator's latency recording: must not allocate (issue 4's hot-path rule).</summary>
public class HistogramBenchmarks
{
    private readonly LatencyRecorder _recorder = new("latency");
    private long _value = 1;

    [Benchmark]
    public void RecordLatency()
    {
        _value = (_value * 7 + 13) % 2_000_000;
        _recorder.Record(_value);
    }
}
