using Bench.Load.Metrics;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// The generator's own lag where its work runs: a timer on each event loop, re-armed every
/// <paramref name="interval"/>, records how late the loop ran it. Every send, receive and
/// timestamp of every connection waits behind the same loop, so this is the generator's share
/// of any latency it reports.
/// </summary>
internal sealed class LoopLagProbe(EpollLoop loop, Action<long, long> observe, TimeSpan interval) : ILoopTimer
{
    private readonly long _interval = Clock.FromTimeSpan(interval);
    private long _due;
    private volatile bool _stopped;

    public void Start()
    {
        _due = Clock.Now + _interval;
        loop.Schedule(this, 0, _due);
    }

    public void Stop() => _stopped = true;

    public void OnTimer(long token)
    {
        if (_stopped) return;
        long now = Clock.Now;
        observe(_due - _interval, now - _due);
        _due = now + _interval;
        loop.Schedule(this, 0, _due);
    }

    /// <summary>A probe on every loop; returns how to stop them all.</summary>
    public static Action StartAll(IReadOnlyList<EpollLoop> loops, Action<long, long> observe, TimeSpan interval)
    {
        var probes = loops.Select(l => new LoopLagProbe(l, observe, interval)).ToArray();
        foreach (var p in probes) p.Start();
        return () =>
        {
            foreach (var p in probes) p.Stop();
        };
    }
}
