using System.Net;
using static Bench.Native.LinuxNative;

namespace Bench.Native;

/// <summary>
/// Non-blocking TCP sockets as plain descriptors. Calls that move data return the byte count or
/// <c>-errno</c>, so the hot path needs no exception and no second call to read errno.
/// </summary>
public static unsafe class Sockets
{
    /// <summary>
    /// A non-blocking listening socket. <paramref name="reusePort"/> sets SO_REUSEPORT, so several
    /// sockets (threads or processes) can listen on one port and the kernel spreads connections over them.
    /// </summary>
    public static int Listen(IPEndPoint endPoint, int backlog, bool reusePort)
    {
        int family = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? AF_INET : AF_INET6;
        int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) throw NativeErrors.ToSocketException(Errno);
        try
        {
            SetOption(fd, SOL_SOCKET, SO_REUSEADDR, 1);
            if (reusePort) SetOption(fd, SOL_SOCKET, SO_REUSEPORT, 1);
            byte* addr = stackalloc byte[SockAddr.MaxLength];
            int length = SockAddr.Write(endPoint, new Span<byte>(addr, SockAddr.MaxLength));
            if (bind(fd, addr, (uint)length) != 0) throw NativeErrors.ToSocketException(Errno);
            if (listen(fd, backlog) != 0) throw NativeErrors.ToSocketException(Errno);
            return fd;
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>A non-blocking, close-on-exec connection from <paramref name="listenFd"/>; or -errno (EAGAIN: none waiting).</summary>
    public static int Accept(int listenFd)
    {
        int fd = accept4(listenFd, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
        return fd >= 0 ? fd : -Errno;
    }

    /// <summary>A non-blocking client socket connecting to <paramref name="endPoint"/>; completion shows as writability (EINPROGRESS).</summary>
    public static int Connect(IPEndPoint endPoint, out int errno)
    {
        int family = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? AF_INET : AF_INET6;
        int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) { errno = Errno; return -1; }
        byte* addr = stackalloc byte[SockAddr.MaxLength];
        int length = SockAddr.Write(endPoint, new Span<byte>(addr, SockAddr.MaxLength));
        errno = connect(fd, addr, (uint)length) == 0 ? 0 : Errno;
        return fd;
    }

    /// <summary>Bytes received (0: the peer closed), or -errno (-EAGAIN: nothing buffered).</summary>
    public static nint Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint n = recv(fd, p, buffer.Length, 0);
            return n >= 0 ? n : -Errno;
        }
    }

    /// <summary>Bytes the kernel took (maybe fewer than offered), or -errno. Never raises SIGPIPE.</summary>
    public static nint Send(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint n = send(fd, p, buffer.Length, MSG_NOSIGNAL);
            return n >= 0 ? n : -Errno;
        }
    }

    /// <summary>Sets an int socket option; returns 0 or errno.</summary>
    public static int SetOption(int fd, int level, int name, int value) =>
        setsockopt(fd, level, name, &value, sizeof(int)) == 0 ? 0 : Errno;

    /// <summary>Reads an int socket option (SO_ERROR after a non-blocking connect, buffer sizes).</summary>
    public static int GetOption(int fd, int level, int name)
    {
        int value = 0;
        uint length = sizeof(int);
        return getsockopt(fd, level, name, &value, &length) == 0 ? value : -Errno;
    }

    public static void SetNoDelay(int fd) => SetOption(fd, IPPROTO_TCP, TCP_NODELAY, 1);

    public static IPEndPoint? LocalEndPoint(int fd)
    {
        byte* addr = stackalloc byte[SockAddr.MaxLength];
        uint length = SockAddr.MaxLength;
        return getsockname(fd, addr, &length) == 0 ? SockAddr.Read(new ReadOnlySpan<byte>(addr, SockAddr.MaxLength)) : null;
    }

    public static IPEndPoint? RemoteEndPoint(int fd)
    {
        byte* addr = stackalloc byte[SockAddr.MaxLength];
        uint length = SockAddr.MaxLength;
        return getpeername(fd, addr, &length) == 0 ? SockAddr.Read(new ReadOnlySpan<byte>(addr, SockAddr.MaxLength)) : null;
    }

    /// <summary>Half-close (SHUT_WR) or both; errors ignored, the descriptor is closed next anyway.</summary>
    public static void Shutdown(int fd, int how) => shutdown(fd, how);

    public static void Close(int fd) => close(fd);
}
