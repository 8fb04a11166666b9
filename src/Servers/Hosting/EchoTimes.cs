using System.Diagnostics;
using HdrHistogram;

namespace Bench.Servers.Hosting;

/// <summary>
/// How long the server holds a WebSocket echo: from the moment the app has the message (read off the
/// socket and unframed on its loop) to the moment its echo has been handed to the socket. This is the
/// server's own share of a client's round trip, so a generator's lag cannot be in it; what it leaves
/// out is the time a message waits in the kernel's receive queue before the loop reads it (in the
/// client's figure, not in this one). Any loop records without a lock (HdrHistogram's Recorder).
/// </summary>
public sealed class EchoTimes
{
    private const long HighestMicros = 60_000_000;
    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();
    private readonly LongHistogram _total = new(1, HighestMicros, 3);
    private readonly Lock _read = new();

    /// <summary>Records one echo that began at <paramref name="receivedAt"/> (a <see cref="Stopwatch"/> timestamp) and was sent now.</summary>
    public void Record(long receivedAt)
    {
        long micros = (long)Stopwatch.GetElapsedTime(receivedAt).TotalMicroseconds;
        _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicros));
    }

    /// <summary>
    /// Count and percentiles (µs) of every echo since the start or the last reset; null before the first.
    /// With <paramref name="reset"/> the next reading starts afresh (e.g. after a ramp, to leave the
    /// handshakes' load out).
    /// </summary>
    public Dictionary<string, long>? Read(bool reset)
    {
        lock (_read)
        {
            _total.Add(_recorder.GetIntervalHistogram());
            Dictionary<string, long>? figures = _total.TotalCount == 0 ? null : new()
            {
                ["count"] = _total.TotalCount,
                ["p50"] = _total.GetValueAtPercentile(50),
                ["p90"] = _total.GetValueAtPercentile(90),
                ["p99"] = _total.GetValueAtPercentile(99),
                ["p999"] = _total.GetValueAtPercentile(99.9),
                ["max"] = _total.GetMaxValue(),
            };
            if (reset) _total.Reset();
            return figures;
        }
    }
}
