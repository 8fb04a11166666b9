using System.Buffers;
using System.Collections.Concurrent;
using Bench.Native;
using Bench.Servers.Hosting;
using static Bench.Native.LinuxNative;

namespace Bench.Servers.Asgi;

/// <summary>Something registered with a loop's epoll: told which events arrived, on the loop thread.</summary>
internal interface IReadiness
{
    void OnEvents(uint events);
}

/// <summary>
/// One event-loop thread in uvloop's shape: the thread itself sleeps in <c>epoll_wait</c> on its own
/// descriptors, then in the same turn handles the ready sockets (whose awaiting protocol and app code
/// resumes right there), the due timers (<see cref="LoopTimers"/>), and the callbacks posted to it.
/// It is also the SynchronizationContext of that thread, so every <c>await</c> in protocol or app code
/// resumes here; other threads (the /offload pool, .NET timers) post through a queue and an eventfd.
/// A callback that blocks (Thread.Sleep, CPU work) stalls every connection of the loop, which is the point.
/// With <c>--gil</c> the loop holds the modelled GIL for a turn and releases it while it waits in epoll.
/// </summary>
public sealed class EventLoop : SynchronizationContext, IDisposable
{
    private const int MaxEvents = 512;
    private const ulong WakeCookie = ulong.MaxValue;

    [ThreadStatic] private static EventLoop? t_current;

    private readonly Epoll _epoll = new();
    private readonly EventFd _wake = new();
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _remote = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _local = new();
    private readonly Thread _thread;
    private readonly Gil _gil;
    private readonly LoopTimers _timers = new();
    private readonly List<LoopTimer> _dueScratch = [];
    private IReadiness?[] _handlers = new IReadiness?[64];
    private uint[] _generations = new uint[64];
    private readonly Stack<int> _freeSlots = new();
    private int _nextSlot;
    private int _sleeping;
    private volatile bool _stopped;

    public EventLoop(string name, Gil gil)
    {
        _gil = gil;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _epoll.Add(_wake.Fd, EPOLLIN, WakeCookie);
    }

    /// <summary>The loop whose thread is running, or null off every loop.</summary>
    public static EventLoop? Running => t_current;

    public int ManagedThreadId => _thread.ManagedThreadId;

    public bool IsOnLoop => t_current == this;

    /// <summary>Where a response is assembled before it is written: one per loop, since assembling and writing never await in between.</summary>
    internal ArrayBufferWriter<byte> Output { get; } = new(4096);

    /// <summary>Set by tests: records the thread of every socket call the loop's connections make.</summary>
    internal ThreadAudit? Audit { get; set; }

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopped = true;
        _wake.Signal();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (t_current == this)
        {
            _local.Enqueue((d, state));
            return;
        }
        _remote.Enqueue((d, state));
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1) _wake.Signal();
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

    /// <summary>asyncio.sleep: a task completed by the loop's own timer heap, on the loop thread. Call on the loop.</summary>
    public Task Delay(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero) return Task.CompletedTask;
        var done = new TaskCompletionSource();
        Arm(new LoopTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done), LoopTimers.After(delay));
        return done.Task;
    }

    internal void Arm(LoopTimer timer, long due) => _timers.Arm(timer, due);

    /// <summary>Adds a non-blocking descriptor, edge-triggered for input, output and hang-up; returns its slot.</summary>
    internal int Register(int fd, IReadiness handler)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
        if (slot >= _handlers.Length)
        {
            Array.Resize(ref _handlers, _handlers.Length * 2);
            Array.Resize(ref _generations, _generations.Length * 2);
        }
        _handlers[slot] = handler;
        int error = _epoll.Add(fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, (ulong)_generations[slot] << 32 | (uint)slot);
        if (error != 0)
        {
            Unregister(slot);
            throw NativeErrors.ToSocketException(error);
        }
        return slot;
    }

    /// <summary>Forgets a slot before its descriptor is closed; events already read for it are dropped by the generation check.</summary>
    internal void Unregister(int slot)
    {
        _handlers[slot] = null;
        _generations[slot]++;
        _freeSlots.Push(slot);
    }

    private void Run()
    {
        t_current = this;
        SetSynchronizationContext(this);
        var events = new EpollEvent[MaxEvents];
        while (!_stopped)
        {
            int n = _epoll.Wait(events, WaitTimeout());
            Volatile.Write(ref _sleeping, 0);
            if (n < 0 && n != -EINTR)
            {
                Console.Error.WriteLine($"bench-asgi: epoll_wait failed (errno {-n}); the loop stops");
                return;
            }
            _gil.Acquire();
            try
            {
                for (int i = 0; i < n; i++) Dispatch(events[i]);
                _timers.RunDue(_dueScratch);
                RunCallbacks();
            }
            finally { _gil.Release(); }
        }
    }

    /// <summary>0 when work is queued, else until the next timer; announces the sleep so remote posts wake it.</summary>
    private int WaitTimeout()
    {
        if (_local.Count > 0) return 0;
        Interlocked.Exchange(ref _sleeping, 1);
        if (!_remote.IsEmpty || _stopped) return 0;
        return _timers.MillisecondsUntilNext();
    }

    private void Dispatch(in EpollEvent ev)
    {
        if (ev.Data == WakeCookie)
        {
            _wake.Drain();
            return;
        }
        int slot = (int)(uint)ev.Data;
        if (slot >= _handlers.Length || _generations[slot] != (uint)(ev.Data >> 32)) return;
        try { _handlers[slot]?.OnEvents(ev.Events); }
        catch (Exception e) { Console.Error.WriteLine($"bench-asgi: unhandled error on the loop: {e}"); }
        _gil.Tick();
    }

    /// <summary>Runs what was posted before this point; what those callbacks post waits for the next turn (asyncio's ready queue).</summary>
    private void RunCallbacks()
    {
        while (_remote.TryDequeue(out var item)) _local.Enqueue(item);
        for (int count = _local.Count; count > 0 && _local.TryDequeue(out var item); count--)
        {
            try { item.Callback(item.State); }
            catch (Exception e) { Console.Error.WriteLine($"bench-asgi: unhandled error on the loop: {e}"); }
            _gil.Tick();
        }
    }

    public void Dispose()
    {
        Stop();
        if (_thread.IsAlive && !IsOnLoop) _thread.Join(TimeSpan.FromSeconds(2));
        _epoll.Dispose();
        _wake.Dispose();
    }
}
