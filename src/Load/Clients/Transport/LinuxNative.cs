using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Bench.Load.Clients.Transport;

/// <summary>The few libc calls the epoll transport needs (Linux x86-64 layouts).</summary>
internal static unsafe partial class LinuxNative
{
    public const int AF_INET = 2;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;
    public const int SOL_SOCKET = 1;
    public const int SO_ERROR = 4;
    public const int SHUT_RDWR = 2;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int EPOLL_CLOEXEC = 0x80000;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;

    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int EINPROGRESS = 115;
    public const int ENOSYS = 38;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    /// <summary>struct epoll_event is packed on x86-64: 4-byte events, then 8-byte data.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrIn
    {
        public ushort Family;
        public ushort PortBigEndian;
        public uint AddressBigEndian;
        public ulong Zero;
    }

    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_create1(int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_wait(int epfd, EpollEvent* events, int max, int timeoutMs);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_pwait2(int epfd, EpollEvent* events, int max, TimeSpec* timeout, void* sigmask);
    [LibraryImport("libc", SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport("libc", SetLastError = true)] public static partial int connect(int fd, SockAddrIn* addr, uint len);
    [LibraryImport("libc", SetLastError = true)] public static partial int setsockopt(int fd, int level, int name, int* value, uint len);
    [LibraryImport("libc", SetLastError = true)] public static partial int getsockopt(int fd, int level, int name, int* value, uint* len);
    [LibraryImport("libc", SetLastError = true)] public static partial nint read(int fd, byte* buffer, nint count);
    [LibraryImport("libc", SetLastError = true)] public static partial nint recv(int fd, byte* buffer, nint count, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial nint send(int fd, byte* buffer, nint count, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial nint write(int fd, byte* buffer, nint count);
    [LibraryImport("libc", SetLastError = true)] public static partial int close(int fd);
    [LibraryImport("libc", SetLastError = true)] public static partial int shutdown(int fd, int how);
    [LibraryImport("libc", SetLastError = true)] public static partial int eventfd(uint initial, int flags);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>errno to the SocketError the classifier already understands.</summary>
    public static SocketException Error(int errno) => new((int)(errno switch
    {
        111 => SocketError.ConnectionRefused,
        104 => SocketError.ConnectionReset,
        103 => SocketError.ConnectionAborted,
        32 => SocketError.Shutdown, // EPIPE
        110 => SocketError.TimedOut,
        24 or 23 => SocketError.TooManyOpenSockets, // EMFILE, ENFILE
        99 => SocketError.AddressNotAvailable,
        105 => SocketError.NoBufferSpaceAvailable,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        107 => SocketError.NotConnected,
        _ => SocketError.SocketError,
    }));
}
