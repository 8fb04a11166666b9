using System.Runtime.InteropServices;
using Bench.Load.Metrics;
using Bench.Native;
using static Bench.Native.LinuxNative;

namespace Bench.Load.Clients.Transport;

/// <summary>Something the loop calls back at a time it asked for; the token it passed tells a current request from a stale one.</summary>
internal interface ILoopTimer
{
    void OnTimer(long token);
}

/// <summary>
/// One epoll event loop on a dedicated thread, as wrk runs one per thread; every connection of
/// every scenario lives on one. Readiness is level-triggered and each ready connection gets
/// exactly one read, so a response costs one read and one write syscall plus a share of
/// epoll_wait; the user's continuation then runs inline here, with no thread-pool hop. The loop
/// also keeps the connections' timers (open-model sends, WebSocket message schedules, SSE
/// reconnect waits) in one queue, and is their one timeout watchdog: every
/// <see cref="WatchdogPeriod"/> it checks each connection's deadline. epoll_pwait2 sleeps to
/// the nanosecond, so a timer fires within tens of microseconds of its time, not on the next
/// millisecond tick. An idle connection costs its slot here and nothing else: no Task, no timer object.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMilliseconds(20);

    private const int MaxEvents = 1024;
    private const ulong WakeData = ulong.MaxValue;
    private static readonly long MaxSleep = Clock.FromTimeSpan(TimeSpan.FromMilliseconds(200));
    private static readonly long WatchdogTicks = Clock.FromTimeSpan(WatchdogPeriod);

    private readonly int _epfd;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private readonly Lock _tableLock = new();
    private readonly Stack<int> _freeSlots = new();
    private EpollTransport?[] _table = new EpollTransport?[256];
    private int _nextSlot;
    private volatile bool _stopping;
    private readonly Lock _timerLock = new();
    private readonly PriorityQueue<(ILoopTimer Timer, long Token), long> _timers = new();
    private readonly List<(ILoopTimer Timer, long Token)> _due = [];
    private long _sleepingUntil = long.MaxValue;
    private long _nextWatchdog;
    private bool _noPwait2;

    public EpollLoop(int index)
    {
        _epfd = epoll_create1(EPOLL_CLOEXEC);
        if (_epfd < 0) throw NativeErrors.ToSocketException(Errno);
        _wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        var ev = new EpollEvent { Events = EPOLLIN, Data = WakeData };
        epoll_ctl(_epfd, EPOLL_CTL_ADD, _wakeFd, &ev);
        _thread = new Thread(Run) { IsBackground = true, Name = $"loadgen-epoll-{index}" };
        _thread.Start();
    }

    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public int Register(EpollTransport transport)
    {
        lock (_tableLock)
        {
            int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
            if (slot >= _table.Length)
            {
                var bigger = new EpollTransport?[_table.Length * 2];
                _table.CopyTo(bigger, 0);
                Volatile.Write(ref _table, bigger);
            }
            Volatile.Write(ref _table[slot], transport);
            return slot;
        }
    }

    public void Unregister(int slot)
    {
        lock (_tableLock)
        {
            Volatile.Write(ref _table[slot], null);
            _freeSlots.Push(slot);
        }
    }

    /// <summary>Adds or changes a descriptor's interest; <paramref name="add"/> for the first call after connect.</summary>
    public void Control(int fd, ulong data, uint events, bool add)
    {
        var ev = new EpollEvent { Events = events, Data = data };
        epoll_ctl(_epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
    }

    public void Remove(int fd) => epoll_ctl(_epfd, EPOLL_CTL_DEL, fd, null);

    /// <summary>Calls <see cref="ILoopTimer.OnTimer"/> on the loop thread at <paramref name="due"/> (Stopwatch ticks), from any thread.</summary>
    public void Schedule(ILoopTimer timer, long token, long due)
    {
        bool wake;
        lock (_timerLock)
        {
            _timers.Enqueue((timer, token), due);
            wake = !IsLoopThread && due < _sleepingUntil;
        }
        if (wake) Wake();
    }

    private void Wake()
    {
        ulong one = 1;
        write(_wakeFd, (byte*)&one, 8);
    }

    /// <summary>Sleeps in epoll until the next timer or watchdog scan is due (at most 200 ms).</summary>
    private int Wait(EpollEvent* events)
    {
        long now = Clock.Now;
        long until = Math.Min(now + MaxSleep, _nextWatchdog);
        lock (_timerLock)
        {
            if (_timers.TryPeek(out _, out long due)) until = Math.Min(until, due);
            _sleepingUntil = until;
        }
        long nanos = Math.Max(0, (long)Clock.ToTimeSpan(until - now).TotalNanoseconds);
        if (!_noPwait2)
        {
            var timeout = new TimeSpec { Seconds = nanos / 1_000_000_000, Nanoseconds = nanos % 1_000_000_000 };
            int n = epoll_pwait2(_epfd, events, MaxEvents, &timeout, null);
            if (n >= 0 || Errno != ENOSYS) return n;
            _noPwait2 = true; // kernels before 5.11: millisecond timeouts, rounded up so timers never fire early
        }
        return epoll_wait(_epfd, events, MaxEvents, (int)((nanos + 999_999) / 1_000_000));
    }

    private void FireTimers(long now)
    {
        lock (_timerLock)
        {
            _sleepingUntil = long.MaxValue;
            while (_timers.TryPeek(out var t, out long due) && due <= now)
            {
                _timers.Dequeue();
                _due.Add(t);
            }
        }
        foreach (var (timer, token) in _due) timer.OnTimer(token);
        _due.Clear();
    }

    /// <summary>The one timeout watchdog: a connection past its deadline is shut down, which fails its pending operation.</summary>
    private void Watch(long now)
    {
        if (now < _nextWatchdog) return;
        _nextWatchdog = now + WatchdogTicks;
        var table = Volatile.Read(ref _table);
        for (int i = 0; i < table.Length; i++) table[i]?.ExpireIfDue(now);
    }

    private void Run()
    {
        var events = (EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(EpollEvent));
        _nextWatchdog = Clock.Now + WatchdogTicks;
        try
        {
            while (!_stopping)
            {
                int n = Wait(events);
                if (n < 0)
                {
                    if (Errno == EINTR) continue;
                    break;
                }
                var table = Volatile.Read(ref _table);
                for (int i = 0; i < n; i++)
                {
                    ulong data = events[i].Data;
                    if (data == WakeData)
                    {
                        ulong drained;
                        read(_wakeFd, (byte*)&drained, 8);
                        continue;
                    }
                    int slot = (int)(uint)data;
                    // A transport registered after this table was read shows up on the next wait: epoll is level-triggered.
                    if (slot < table.Length) Volatile.Read(ref table[slot])?.OnEvents((uint)(data >> 32), events[i].Events);
                }
                long now = Clock.Now;
                FireTimers(now);
                Watch(now);
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Wake();
        _thread.Join(TimeSpan.FromSeconds(2));
        close(_wakeFd);
        close(_epfd);
    }
}
