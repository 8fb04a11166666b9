using static Bench.Native.LinuxNative;

namespace Bench.Native;

/// <summary>
/// A non-blocking eventfd: how another thread wakes a loop sleeping in epoll_wait. Signals coalesce
/// (the counter just grows), and one read drains them all.
/// </summary>
public sealed unsafe class EventFd : IDisposable
{
    private int _fd;

    public EventFd()
    {
        _fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (_fd < 0) throw NativeErrors.ToSocketException(Errno);
    }

    public int Fd => _fd;

    public void Signal()
    {
        ulong one = 1;
        write(_fd, (byte*)&one, sizeof(ulong));
    }

    public void Drain()
    {
        ulong count;
        read(_fd, (byte*)&count, sizeof(ulong));
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }
}
