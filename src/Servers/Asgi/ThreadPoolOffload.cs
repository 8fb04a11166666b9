using System.Collections.Concurrent;
using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>
/// Starlette's <c>run_in_threadpool</c>: blocking work moved off the loop to at most N worker threads
/// (anyio's default limiter has 40 tokens). Dedicated threads, not the .NET ThreadPool, so a pile of
/// sleeping work cannot starve the socket engine's completions.
/// </summary>
public sealed class ThreadPoolOffload(int tokens, Gil gil)
{
    private readonly BlockingCollection<Action> _work = new();
    private int _threads;

    public Task<T> RunAsync<T>(Func<T> blocking)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            gil.Acquire();
            try { done.SetResult(blocking()); }
            catch (Exception e) { done.SetException(e); }
            finally { gil.Release(); }
        });
        // Threads are started on demand up to the token count, as anyio does.
        if (Volatile.Read(ref _threads) < tokens && _work.Count > 0)
        {
            if (Interlocked.Increment(ref _threads) <= tokens) new Thread(Work) { IsBackground = true, Name = "asgi-offload" }.Start();
            else Interlocked.Decrement(ref _threads);
        }
        return done.Task;
    }

    private void Work()
    {
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }
}
