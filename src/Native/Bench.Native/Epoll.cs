using static Bench.Native.LinuxNative;

namespace Bench.Native;

/// <summary>One epoll instance. Data is the caller's 64-bit cookie (a slot and a generation, say).</summary>
public sealed unsafe class Epoll : IDisposable
{
    private int _fd;

    public Epoll()
    {
        _fd = epoll_create1(EPOLL_CLOEXEC);
        if (_fd < 0) throw NativeErrors.ToSocketException(Errno);
    }

    public int Fd => _fd;

    /// <summary>Adds a descriptor; returns 0 or an errno.</summary>
    public int Add(int fd, uint events, ulong data) => Control(EPOLL_CTL_ADD, fd, events, data);

    public int Modify(int fd, uint events, ulong data) => Control(EPOLL_CTL_MOD, fd, events, data);

    /// <summary>Removes a descriptor (closing it removes it too, when no duplicate is open).</summary>
    public int Remove(int fd) => epoll_ctl(_fd, EPOLL_CTL_DEL, fd, null) == 0 ? 0 : Errno;

    private int Control(int op, int fd, uint events, ulong data)
    {
        var ev = new EpollEvent { Events = events, Data = data };
        return epoll_ctl(_fd, op, fd, &ev) == 0 ? 0 : Errno;
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 forever); returns the ready count, or -errno (EINTR included).</summary>
    public int Wait(EpollEvent* events, int max, int timeoutMs)
    {
        int n = epoll_wait(_fd, events, max, timeoutMs);
        return n >= 0 ? n : -Errno;
    }

    /// <summary>As above, into a managed array (the loop keeps one for its whole life).</summary>
    public int Wait(Span<EpollEvent> events, int timeoutMs)
    {
        fixed (EpollEvent* p = events) return Wait(p, events.Length, timeoutMs);
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }
}
