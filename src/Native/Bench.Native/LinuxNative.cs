using System.Runtime.InteropServices;

namespace Bench.Native;

/// <summary>
/// The libc calls an event loop needs, with the Linux x86-64/arm64 constants and struct layouts.
/// Raw: every call returns what libc returns and leaves errno in <see cref="Errno"/>. The typed
/// wrappers (<see cref="Epoll"/>, <see cref="EventFd"/>, <see cref="Sockets"/>) are what callers use.
/// </summary>
public static unsafe partial class LinuxNative
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int SOCK_STREAM = 1;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_IP = 0;
    public const int IPPROTO_TCP = 6;
    public const int IPPROTO_IPV6 = 41;
    public const int TCP_NODELAY = 1;
    /// <summary>bind() takes the address now and the port at connect(), so each destination gets the whole ephemeral range.</summary>
    public const int IP_BIND_ADDRESS_NO_PORT = 24;
    public const int IPV6_V6ONLY = 26;
    public const int SOL_SOCKET = 1;
    public const int SO_REUSEADDR = 2;
    public const int SO_ERROR = 4;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SO_REUSEPORT = 15;
    public const int SHUT_WR = 1;
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
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 0x80000000;

    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;
    public const int ECONNABORTED = 103;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int ENOTCONN = 107;
    public const int EINPROGRESS = 115;

    /// <summary>struct epoll_event: packed to 12 bytes on x86-64 (4-byte events, then 8-byte data).</summary>
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

    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_create1(int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_wait(int epfd, EpollEvent* events, int max, int timeoutMs);
    [LibraryImport("libc", SetLastError = true)] public static partial int epoll_pwait2(int epfd, EpollEvent* events, int max, TimeSpec* timeout, void* sigmask);
    [LibraryImport("libc", SetLastError = true)] public static partial int eventfd(uint initial, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial int socket(int domain, int type, int protocol);
    [LibraryImport("libc", SetLastError = true)] public static partial int bind(int fd, byte* addr, uint len);
    [LibraryImport("libc", SetLastError = true)] public static partial int listen(int fd, int backlog);
    [LibraryImport("libc", SetLastError = true)] public static partial int accept4(int fd, byte* addr, uint* len, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial int connect(int fd, byte* addr, uint len);
    [LibraryImport("libc", SetLastError = true)] public static partial int getsockname(int fd, byte* addr, uint* len);
    [LibraryImport("libc", SetLastError = true)] public static partial int getpeername(int fd, byte* addr, uint* len);
    [LibraryImport("libc", SetLastError = true)] public static partial int setsockopt(int fd, int level, int name, int* value, uint len);
    [LibraryImport("libc", SetLastError = true)] public static partial int getsockopt(int fd, int level, int name, int* value, uint* len);
    [LibraryImport("libc", SetLastError = true)] public static partial nint read(int fd, byte* buffer, nint count);
    [LibraryImport("libc", SetLastError = true)] public static partial nint write(int fd, byte* buffer, nint count);
    [LibraryImport("libc", SetLastError = true)] public static partial nint recv(int fd, byte* buffer, nint count, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial nint send(int fd, byte* buffer, nint count, int flags);
    [LibraryImport("libc", SetLastError = true)] public static partial int close(int fd);
    [LibraryImport("libc", SetLastError = true)] public static partial int shutdown(int fd, int how);
    [LibraryImport("libc", SetLastError = true)] public static partial int getrlimit(int resource, RLimit* limit);
    [LibraryImport("libc", SetLastError = true)] public static partial int gettid();
    [LibraryImport("libc", SetLastError = true)] public static partial int setpriority(int which, int who, int priority);

    /// <summary>setpriority(2)'s <c>which</c>: with a thread id as <c>who</c>, Linux sets that one thread's nice value.</summary>
    public const int PRIO_PROCESS = 0;

    public const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>This process's soft descriptor limit (ulimit -n), or -1 when it cannot be read.</summary>
    public static long OpenFilesLimit()
    {
        RLimit limit;
        return getrlimit(RLIMIT_NOFILE, &limit) == 0 ? (long)Math.Min(limit.Current, long.MaxValue) : -1;
    }

    /// <summary>
    /// Gives the calling thread the lowest CPU priority (nice 19): when it competes for a core with
    /// normal threads it gets about 1.5 % of it and does not preempt them on waking. Never raised
    /// again (that needs privileges). False if the kernel refused.
    /// </summary>
    public static bool LowerThisThreadPriority() => setpriority(PRIO_PROCESS, gettid(), 19) == 0;

    /// <summary>errno of the last call above (SetLastError marshalling keeps it per thread).</summary>
    public static int Errno => Marshal.GetLastPInvokeError();
}
