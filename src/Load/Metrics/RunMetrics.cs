using Bench.Load.Vocabulary;

namespace Bench.Load.Metrics;

/// <summary>
/// Every metric of one run. <see cref="Record"/> is the hot path: a few interlocked adds and
/// recorder writes, no allocation, no lock.
/// </summary>
public sealed class RunMetrics
{
    /// <summary>Latency from the intended start (coordinated omission corrected, as wrk2). Equal to uncorrected in closed models.</summary>
    public LatencyRecorder Latency { get; } = new("latency");

    /// <summary>Latency from the moment the request was actually sent.</summary>
    public LatencyRecorder Uncorrected { get; } = new("uncorrected");

    public LatencyRecorder Ttfb { get; } = new("ttfb");

    /// <summary>Connect time of new connections only.</summary>
    public LatencyRecorder Connect { get; } = new("connect");

    /// <summary>How late the generator itself started an open-model iteration whose VU was idle: its own scheduling lag.</summary>
    public LatencyRecorder SendLag { get; } = new("sendLag");

    /// <summary>How late a 100 ms timer fires in this process: thread-pool or CPU starvation of the generator (like Node's event-loop lag).</summary>
    public LatencyRecorder SchedulerLag { get; } = new("schedulerLag");

    public Counters Counters { get; } = new();

    private int _activeVus;

    public int ActiveVus => Volatile.Read(ref _activeVus);

    /// <summary>A long-lived scenario's own metrics (SSE lag, WebSocket RTT...); null for HTTP.</summary>
    public StreamMetrics? Stream { get; init; }

    /// <summary>TLS handshakes (duration, resumed vs full) of an https:// or wss:// run; null for plaintext.</summary>
    public TlsMetrics? Tls { get; init; }

    /// <summary>Code scenarios' named steps and exceptions; empty for the built-in scenarios.</summary>
    public StepMetrics Steps { get; } = new();

    /// <summary>The engine's own histograms and the long-lived scenario's; steps keep theirs in <see cref="Steps"/>.</summary>
    public IEnumerable<LatencyRecorder> All => [Latency, Uncorrected, Ttfb, Connect, SendLag, SchedulerLag, .. Stream?.Recorders ?? [], .. Tls is null ? [] : new[] { Tls.Handshake }];

    internal void VuBusy() => Interlocked.Increment(ref _activeVus);

    internal void VuIdle() => Interlocked.Decrement(ref _activeVus);

    /// <summary>
    /// Records one finished long-lived session: counted (ok, errors, status, bytes) but not timed,
    /// since its length is the hold's, not a latency; the scenario records what it measures itself.
    /// </summary>
    public void RecordSession(in IterationOutcome outcome) => Counters.Count(outcome);

    /// <summary>Records one finished iteration; <paramref name="intendedTimestamp"/> is its scheduled start.</summary>
    public void Record(in IterationOutcome outcome, long intendedTimestamp)
    {
        Counters.Count(outcome);
        if (outcome.Error is ErrorKind.Interrupted) return; // the run cut it short: its time says nothing about the target
        Latency.Record(Clock.ToMicros(outcome.EndTimestamp - intendedTimestamp));
        Uncorrected.Record(Clock.ToMicros(outcome.EndTimestamp - outcome.StartTimestamp));
        if (outcome.FirstByteTimestamp != 0) Ttfb.Record(Clock.ToMicros(outcome.FirstByteTimestamp - outcome.StartTimestamp));
        if (outcome.ConnectTicks != 0) Connect.Record(Clock.ToMicros(outcome.ConnectTicks));
    }
}
