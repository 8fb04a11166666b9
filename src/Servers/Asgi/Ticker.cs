namespace Bench.Servers.Asgi;

/// <summary>
/// A periodic wait for app code, with <see cref="PeriodicTimer"/>'s contract: the next wait completes at
/// the next tick (at once if a tick passed while nobody waited; missed ticks count once) and returns
/// false once the ticker is stopped. <see cref="AsgiRuntime.Every"/> makes one.
/// </summary>
public interface ITicker : IDisposable
{
    /// <summary>True at a tick, false once stopped. One wait at a time.</summary>
    ValueTask<bool> WaitForNextTickAsync();

    /// <summary>Ends the ticks; a wait in progress returns false. Any thread.</summary>
    void Stop();
}

/// <summary>Off every loop: a .NET <see cref="PeriodicTimer"/> (its Dispose ends a wait with false).</summary>
internal sealed class PeriodicTicker(TimeSpan period) : ITicker
{
    private readonly PeriodicTimer _timer = new(period);

    public ValueTask<bool> WaitForNextTickAsync() => _timer.WaitForNextTickAsync();

    public void Stop() => _timer.Dispose();

    public void Dispose() => _timer.Dispose();
}
