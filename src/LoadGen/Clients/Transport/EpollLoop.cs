using System.Runtime.InteropServices;
using static Bench.LoadGen.Clients.Transport.LinuxNative;

namespace Bench.LoadGen.Clients.Transport;

/// <summary>
/// One epoll event loop on a dedicated thread, as wrk runs one per thread. Readiness is
/// level-triggered and each ready connection gets exactly one read, so a response costs one
/// read and one write syscall plus a share of epoll_wait; the VU's continuation then runs
/// inline here, with no thread-pool hop.
/// </summary>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 1024;
    private const ulong WakeData = ulong.MaxValue;

    private readonly int _epfd;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private readonly Lock _tableLock = new();
    private readonly Stack<int> _freeSlots = new();
    private EpollTransport?[] _table = new EpollTransport?[256];
    private int _nextSlot;
    private volatile bool _stopping;

    public EpollLoop(int index)
    {
        _epfd = epoll_create1(EPOLL_CLOEXEC);
        if (_epfd < 0) throw Error(Errno);
        _wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        var ev = new EpollEvent { Events = EPOLLIN, Data = WakeData };
        epoll_ctl(_epfd, EPOLL_CTL_ADD, _wakeFd, &ev);
        _thread = new Thread(Run) { IsBackground = true, Name = $"loadgen-epoll-{index}" };
        _thread.Start();
    }

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

    private void Run()
    {
        var events = (EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(EpollEvent));
        try
        {
            while (!_stopping)
            {
                int n = epoll_wait(_epfd, events, MaxEvents, 200);
                if (n < 0)
                {
                    if (Errno == EINTR) continue;
                    break;
                }
                var table = Volatile.Read(ref _table);
                for (int i = 0; i < n; i++)
                {
                    ulong data = events[i].Data;
                    if (data == WakeData) continue;
                    int slot = (int)(uint)data;
                    // A transport registered after this table was read shows up on the next wait: epoll is level-triggered.
                    if (slot < table.Length) Volatile.Read(ref table[slot])?.OnEvents((uint)(data >> 32), events[i].Events);
                }
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
        ulong one = 1;
        write(_wakeFd, (byte*)&one, 8);
        _thread.Join(TimeSpan.FromSeconds(2));
        close(_wakeFd);
        close(_epfd);
    }
}
