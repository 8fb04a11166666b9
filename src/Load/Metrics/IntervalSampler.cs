using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>
/// Turns the run's ever-growing counters and recorders into one time-series point per call
/// (once a second). Called only from the run's sampling loop.
/// </summary>
public sealed class IntervalSampler(RunMetrics metrics)
{
    private long _requests, _failed, _bytesRead, _lateDropped;
    private double _elapsed;
    private int _second;

    public TimeSeriesPoint Take(double elapsedSeconds)
    {
        var c = metrics.Counters;
        long requests = c.Requests, failed = c.Failed, bytesRead = c.BytesRead, lateDropped = c.LateDropped;
        var latency = metrics.Latency.TakeInterval();
        foreach (var r in metrics.All)
            if (!ReferenceEquals(r, metrics.Latency)) r.TakeInterval();
        foreach (var r in metrics.Steps.Recorders) r.TakeInterval();

        double span = Math.Max(1e-6, elapsedSeconds - _elapsed);
        var point = new TimeSeriesPoint(
            Second: ++_second,
            ElapsedSeconds: Math.Round(elapsedSeconds, 3),
            Requests: requests - _requests,
            Failed: failed - _failed,
            Rate: Math.Round((requests - _requests) / span, 1),
            Dropped: lateDropped - _lateDropped,
            ActiveVus: metrics.ActiveVus,
            P50: latency.TotalCount > 0 ? latency.GetValueAtPercentile(50) : 0,
            P99: latency.TotalCount > 0 ? latency.GetValueAtPercentile(99) : 0,
            Max: latency.TotalCount > 0 ? HdrHistogram.HistogramExtensions.GetMaxValue(latency) : 0,
            BytesRead: bytesRead - _bytesRead,
            LatencyHistogram: HistogramCodec.Encode(latency));
        (_requests, _failed, _bytesRead, _lateDropped, _elapsed) = (requests, failed, bytesRead, lateDropped, elapsedSeconds);
        metrics.Stream?.Sample(elapsedSeconds);
        return point;
    }
}
