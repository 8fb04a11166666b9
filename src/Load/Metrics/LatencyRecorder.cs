using HdrHistogram;

namespace Bench.Load.Metrics;

/// <summary>
/// One latency metric in microseconds, 3 significant digits. Writers call <see cref="Record"/>
/// from any thread: HdrHistogram's <see cref="Recorder"/> is wait-free for writers (an
/// interlocked add into preallocated buckets, no lock, no allocation); the sampler swaps the
/// interval histogram out once a second and folds it into the cumulative one.
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>One hour: anything slower is clamped (and a timeout long before that anyway).</summary>
    public const long HighestMicros = 3_600_000_000;

    public const int SignificantDigits = 3;

    private readonly Recorder _recorder;
    private readonly HistogramBase _cumulative;
    private HistogramBase? _recycled;

    public LatencyRecorder(string name)
    {
        Name = name;
        _recorder = HistogramFactory.With64BitBucketSize()
            .WithValuesFrom(1).WithValuesUpTo(HighestMicros).WithPrecisionOf(SignificantDigits)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();
        _cumulative = NewHistogram();
    }

    public string Name { get; }

    public static HistogramBase NewHistogram() => new LongHistogram(1, HighestMicros, SignificantDigits);

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        else if (micros > HighestMicros) micros = HighestMicros;
        _recorder.RecordValue(micros);
    }

    /// <summary>
    /// Takes what was recorded since the last call and adds it to the cumulative histogram.
    /// Only the sampler calls this, so it needs no lock of its own. The returned histogram is
    /// valid until the next call.
    /// </summary>
    public HistogramBase TakeInterval()
    {
        var interval = _recycled is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_recycled);
        _cumulative.Add(interval);
        _recycled = interval;
        return interval;
    }

    /// <summary>The interval returned by the last <see cref="TakeInterval"/>, for per-second figures; the sampler's thread only.</summary>
    public HistogramBase? LastInterval => _recycled;

    /// <summary>The histogram of everything taken so far; read it only from the sampler's thread.</summary>
    public HistogramBase Cumulative => _cumulative;
}
