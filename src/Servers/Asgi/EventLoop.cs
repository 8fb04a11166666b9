using System.Collections.Concurrent;
using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>
/// One event-loop thread, as uvicorn's asyncio loop: a SynchronizationContext whose posted callbacks
/// all run on this thread, so every <c>await</c> in protocol or app code resumes here. A callback that
/// blocks (Thread.Sleep, CPU work) stalls every connection of the loop — which is the point.
/// With <c>--gil</c> the loop holds the modelled GIL while it runs callbacks, as Python code does.
/// </summary>
public sealed class EventLoop : SynchronizationContext
{
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 50);
    private readonly Thread _thread;
    private readonly Gil _gil;
    private int _idle;
    private volatile bool _stopped;

    public EventLoop(string name, Gil gil)
    {
        _gil = gil;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public int ManagedThreadId => _thread.ManagedThreadId;

    public bool IsOnLoop => Thread.CurrentThread == _thread;

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopped = true;
        _wake.Set();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        _queue.Enqueue((d, state));
        if (Volatile.Read(ref _idle) == 1 && Interlocked.CompareExchange(ref _idle, 0, 1) == 1) _wake.Set();
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (IsOnLoop) { d(state); return; }
        using var done = new ManualResetEventSlim();
        Post(_ => { try { d(state); } finally { done.Set(); } }, null);
        done.Wait();
    }

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Starts an async operation on the loop (its continuations stay on the loop).</summary>
    public void Run(Func<Task> operation) => Post(static s => _ = ((Func<Task>)s!)(), operation);

    private void Run()
    {
        SetSynchronizationContext(this);
        while (!_stopped)
        {
            if (!_queue.IsEmpty)
            {
                _gil.Acquire();
                try
                {
                    while (_queue.TryDequeue(out var item))
                    {
                        try { item.Callback(item.State); }
                        catch (Exception e) { Console.Error.WriteLine($"bench-asgi: unhandled error on the loop: {e}"); }
                        _gil.Tick();
                    }
                }
                finally { _gil.Release(); }
            }
            Volatile.Write(ref _idle, 1);
            if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _idle, 0, 1) == 1) continue;
            _wake.Wait();
            _wake.Reset();
        }
    }
}
