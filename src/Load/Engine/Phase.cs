using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Shared state of one phase (warm-up or measured) that VU loops read on every iteration. Plain
/// fields: the controller writes them, VUs read them; a stale read only delays a stop by one iteration.
/// </summary>
internal sealed class Phase(long startTimestamp, TimeSpan duration, bool record) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public readonly long StartTimestamp = startTimestamp;
    public readonly long EndTimestamp = startTimestamp + Clock.FromTimeSpan(duration);
    public readonly TimeSpan Duration = duration;
    public readonly bool Record = record;

    /// <summary>Set by Ctrl-C or when graceful stop runs out: start no more iterations, stop waiting.</summary>
    public volatile bool StopRequested;

    /// <summary>Cancelled with <see cref="Stop"/>, so VUs waiting for a far intended start wake up at once.</summary>
    public CancellationToken StopToken => _stop.Token;

    /// <summary>Closed models: VUs at or above this index stop after their current iteration.</summary>
    public volatile int TargetVus;

    /// <summary>Open models: the next iteration index to claim.</summary>
    public long NextIndex;

    public bool MayStart(long now) => !StopRequested && now < EndTimestamp;

    public TimeSpan Elapsed(long now) => Clock.ToTimeSpan(now - StartTimestamp);

    public void Stop()
    {
        StopRequested = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();
}
