using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Metrics;

/// <summary>
/// What a long-lived scenario measures beyond the engine's per-session figures: named counters
/// (events, gaps...), gauges with their peaks (streaming, waiting...), latency recorders (lag,
/// RTT...) and WebSocket close codes. The scenario defines the names once (see
/// <see cref="StreamLayout"/>) and records by index, so the hot path is an interlocked add or a
/// wait-free recorder write: no lock, no allocation, no dictionary lookup.
/// </summary>
public sealed class StreamMetrics
{
    /// <summary>Close codes are 1000..4999 (RFC 6455 §7.4); a flat array keeps counting lock-free.</summary>
    private const int CloseCodeSlots = 5000;

    private readonly StreamLayout _layout;
    private readonly long[] _counters;
    private readonly long[] _gauges;
    private readonly long[] _peaks;
    private readonly long[] _closeCodes = new long[CloseCodeSlots];
    private readonly LatencyRecorder[] _recorders;
    private readonly List<StreamPoint> _series = [];
    private long[] _lastCounters;
    private long[]? _gaugesAtEnd;
    private readonly GeneratorMemory _memory;
    private MemoryInfo? _memoryAtEnd;
    private long _endedEarly;
    private long _endedEarlyMinId = long.MaxValue;
    private long _endedEarlyMaxId = long.MinValue;

    public StreamMetrics(StreamLayout layout)
    {
        _layout = layout;
        _counters = new long[layout.Counters.Count];
        _lastCounters = new long[layout.Counters.Count];
        _gauges = new long[layout.Gauges.Count];
        _peaks = new long[layout.Gauges.Count];
        _recorders = layout.Recorders.Select(r => new LatencyRecorder($"{layout.Prefix}.{r}")).ToArray();
        // Last: the baseline must include the fixed cost of the recorders, not count it per connection.
        _memory = new GeneratorMemory();
    }

    public StreamLayout Layout => _layout;

    /// <summary>Per-run state the scenario shares between its users (chat rooms), if any.</summary>
    public object? RunState { get; init; }

    /// <summary>Descriptor and port budget checked when the run was planned; null when nobody checked.</summary>
    public CapacityInfo? Capacity { get; set; }

    public void Count(int counter, long n = 1) => Interlocked.Add(ref _counters[counter], n);

    public long Read(int counter) => Volatile.Read(ref _counters[counter]);

    public long Gauge(int gauge) => Volatile.Read(ref _gauges[gauge]);

    public void Enter(int gauge)
    {
        long now = Interlocked.Increment(ref _gauges[gauge]);
        long peak;
        while (now > (peak = Volatile.Read(ref _peaks[gauge])) && Interlocked.CompareExchange(ref _peaks[gauge], now, peak) != peak) { }
    }

    public void Leave(int gauge) => Interlocked.Decrement(ref _gauges[gauge]);

    public void Move(int from, int to)
    {
        Enter(to);
        Leave(from);
    }

    public void Record(int recorder, long micros) => _recorders[recorder].Record(micros);

    public void CountClose(int code)
    {
        if ((uint)code < CloseCodeSlots) Interlocked.Increment(ref _closeCodes[code]);
    }

    public long Closes(int code) => Volatile.Read(ref _closeCodes[code]);

    /// <summary>A stream the server ended before its last event; <paramref name="lastEventId"/> is the last id it sent (0: none).</summary>
    public void NoteEndedEarly(long lastEventId)
    {
        Interlocked.Increment(ref _endedEarly);
        long seen;
        while (lastEventId < (seen = Volatile.Read(ref _endedEarlyMinId)) && Interlocked.CompareExchange(ref _endedEarlyMinId, lastEventId, seen) != seen) { }
        while (lastEventId > (seen = Volatile.Read(ref _endedEarlyMaxId)) && Interlocked.CompareExchange(ref _endedEarlyMaxId, lastEventId, seen) != seen) { }
    }

    internal IEnumerable<LatencyRecorder> Recorders => _recorders;

    public LatencyRecorder Recorder(int index) => _recorders[index];

    /// <summary>Freezes the gauges as they are when the hold ends (before sessions close), once.</summary>
    public void MarkHoldEnd()
    {
        var snapshot = new long[_gauges.Length];
        for (int i = 0; i < snapshot.Length; i++) snapshot[i] = Volatile.Read(ref _gauges[i]);
        if (Interlocked.CompareExchange(ref _gaugesAtEnd, snapshot, null) is not null) return;
        // Every gauge is a state of an open connection: their sum is what is held right now.
        _memoryAtEnd = _memory.AtHoldEnd(snapshot.Sum());
    }

    /// <summary>One point per second, from the run's sampling loop only (after the recorders were taken).</summary>
    public void Sample(double elapsedSeconds)
    {
        var counters = new Dictionary<string, long>(_counters.Length);
        var now = new long[_counters.Length];
        for (int i = 0; i < now.Length; i++)
        {
            now[i] = Volatile.Read(ref _counters[i]);
            counters[_layout.Counters[i]] = now[i] - _lastCounters[i];
        }
        var gauges = new Dictionary<string, long>(_gauges.Length);
        for (int i = 0; i < _gauges.Length; i++) gauges[_layout.Gauges[i]] = Volatile.Read(ref _gauges[i]);
        var p99 = new Dictionary<string, long>(_recorders.Length);
        var histograms = new Dictionary<string, string>(_recorders.Length);
        // The sampler took every recorder's interval just before calling this.
        for (int i = 0; i < _recorders.Length; i++)
        {
            var interval = _recorders[i].LastInterval;
            p99[_layout.Recorders[i]] = interval is { TotalCount: > 0 } h ? h.GetValueAtPercentile(99) : 0;
            // Kept so the seconds of several shards merge exactly; an empty second costs a few bytes.
            histograms[_layout.Recorders[i]] = interval is null ? HistogramCodec.Encode(LatencyRecorder.NewHistogram()) : HistogramCodec.Encode(interval);
        }
        lock (_series) _series.Add(new StreamPoint(_series.Count + 1, Math.Round(elapsedSeconds, 3), counters, gauges, p99) { Histograms = histograms });
        _lastCounters = now;
    }

    public StreamResult Summarize(double elapsedSeconds)
    {
        var counters = new Dictionary<string, long>();
        for (int i = 0; i < _counters.Length; i++) counters[_layout.Counters[i]] = Read(i);
        var gauges = new Dictionary<string, GaugeSummary>();
        var atEnd = Volatile.Read(ref _gaugesAtEnd);
        for (int i = 0; i < _gauges.Length; i++)
            gauges[_layout.Gauges[i]] = new GaugeSummary(Gauge(i), Volatile.Read(ref _peaks[i]), atEnd?[i]);
        var latencies = new Dictionary<string, LatencySummary>();
        var kinds = new Dictionary<string, string>();
        for (int i = 0; i < _recorders.Length; i++)
        {
            latencies[_layout.Recorders[i]] = Percentiles.Summarize(_recorders[i].Cumulative);
            if (i < _layout.RecorderKinds.Count) kinds[_layout.Recorders[i]] = _layout.RecorderKinds[i];
        }
        var closes = new Dictionary<string, long>();
        for (int code = 0; code < CloseCodeSlots; code++)
            if (Closes(code) is > 0 and var n) closes[code.ToString(System.Globalization.CultureInfo.InvariantCulture)] = n;
        StreamPoint[] series;
        lock (_series) series = _series.ToArray();
        var result = new StreamResult
        {
            Kind = _layout.Prefix,
            Counters = counters,
            Gauges = gauges,
            Latencies = latencies,
            LatencyKinds = kinds,
            CloseCodes = closes,
            Series = series,
            ClockAssumption = _layout.ClockAssumption,
            Capacity = Capacity,
            GeneratorMemory = Volatile.Read(ref _memoryAtEnd),
            EndedEarly = Volatile.Read(ref _endedEarly) is > 0 and var early
                ? new EndedEarlyInfo(early, Volatile.Read(ref _endedEarlyMinId), Volatile.Read(ref _endedEarlyMaxId))
                : null,
        };
        return result with { Findings = _layout.Findings?.Invoke(result, elapsedSeconds) ?? [] };
    }

    /// <summary>
    /// Why the generator, not the target, may have limited this run: descriptors or ports ran
    /// out (counted apart, since the cures differ), or the plan asked for more than fits.
    /// </summary>
    public IReadOnlyList<string> ValidityReasons()
    {
        var reasons = new List<string>();
        int fds = IndexOf(_layout.Counters, StreamCounters.ExhaustedDescriptors);
        if (fds >= 0 && Read(fds) > 0)
            reasons.Add($"{Read(fds):N0} connections failed because loadgen ran out of file descriptors (EMFILE; RLIMIT_NOFILE {Capacity?.DescriptorSoftLimit.ToString("N0") ?? "?"}): raise ulimit -n or split the load over processes");
        int ports = IndexOf(_layout.Counters, StreamCounters.ExhaustedPorts);
        if (ports >= 0 && Read(ports) > 0)
            reasons.Add($"{Read(ports):N0} connections failed because ephemeral ports ran out (EADDRNOTAVAIL; {Capacity?.EphemeralPorts.ToString("N0") ?? "?"} per source address): add --source-addresses 127.0.0.2-127.0.0.20");
        return reasons;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        return -1;
    }
}
