namespace Bench.Load.Engine;

/// <summary>Waits for an agreed wall-clock start (shards of one run, <c>--start-at</c>).</summary>
public static class StartGate
{
    /// <summary>Returns at <paramref name="startAt"/> (at once if it has passed) or when cancelled; never throws for the cancellation.</summary>
    public static async Task WaitUntilAsync(DateTimeOffset startAt, CancellationToken cancellationToken)
    {
        // Coarse sleep, then short ones: timers fire late by up to a tick, so the last stretch is waited in 1 ms steps.
        try
        {
            while (true)
            {
                var left = startAt - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero) return;
                await Task.Delay(left > TimeSpan.FromMilliseconds(50) ? left - TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
