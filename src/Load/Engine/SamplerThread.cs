using Bench.Load.Metrics;
using Bench.Native;

namespace Bench.Load.Engine;

/// <summary>
/// Where a run's per-second bookkeeping happens: taking the interval histograms, building the
/// snapshot, encoding its histograms, writing results.json and the progress line. That is
/// milliseconds of CPU each second on the generator's own core. On a thread-pool thread it ran at
/// the loops' priority and, waking once a second, preempted an event loop in the middle of its
/// work: every send, receive and timestamp behind it slipped, and the lag probe reported that as
/// the generator's own lag. Here it runs on a thread of its own at the lowest priority, in the time
/// the loops leave idle; a loop that never idles still leaves it about 1.5 % of the core (such a
/// run is judged invalid for its generator CPU anyway).
/// </summary>
internal static class SamplerThread
{
    /// <summary>
    /// Calls <paramref name="sample"/> with the current <see cref="Clock"/> reading at
    /// <paramref name="firstDue"/> and every <paramref name="interval"/> after, until
    /// <paramref name="until"/> completes. The returned task ends with the thread (or its exception);
    /// after it, nothing more is sampled.
    /// </summary>
    public static Task Every(Task until, long firstDue, TimeSpan interval, Action<long> sample)
    {
        var over = new ManualResetEventSlim();
        until.ContinueWith(static (_, signal) => ((ManualResetEventSlim)signal!).Set(), over, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        long step = Clock.FromTimeSpan(interval);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            // Not being able to lower it (another OS) costs only the loops' lag; the run goes on.
            if (OperatingSystem.IsLinux()) LinuxNative.LowerThisThreadPriority();
            try
            {
                for (long due = firstDue; !over.IsSet; due += step)
                {
                    var wait = Clock.ToTimeSpan(due - Clock.Now);
                    if (wait > TimeSpan.Zero && over.Wait(wait)) break;
                    sample(Clock.Now);
                }
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "loadgen-sampler",
        };
        thread.Start();
        return done.Task;
    }
}
