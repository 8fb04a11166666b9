using Bench.Native;
using Bench.Servers.Hosting;
using static Bench.Native.LinuxNative;

namespace Bench.Servers.Asgi;

/// <summary>
/// A worker's own non-blocking listening socket, in its loop's epoll: on an input edge it accepts until
/// the backlog is empty (at most a batch per turn, then it yields to the connections). When accept fails
/// for lack of a resource (EMFILE, ENFILE, ENOBUFS, ENOMEM) it stops accepting and retries after 10 ms,
/// doubling to 1 s, logging one line per episode, while the open connections keep being served.
/// </summary>
internal sealed class Acceptor : IReadiness
{
    private const int Batch = 64;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    private readonly EventLoop _loop;
    private readonly ServerStats _stats;
    private readonly Action<int> _accepted;
    private readonly LoopTimer _retry;
    private int _fd;
    private int _slot = -1;
    private TimeSpan _backoff;
    private bool _moreQueued;
    // Descriptors kept free for the runtime's lazy opens (an assembly on first use): released at the
    // limit so open connections can still be served, taken back before accepting again.
    private readonly DescriptorReserve _reserve = new(16);

    public Acceptor(EventLoop loop, int listenFd, ServerStats stats, Action<int> accepted)
    {
        _loop = loop;
        _fd = listenFd;
        _stats = stats;
        _accepted = accepted;
        _retry = new LoopTimer(static s => ((Acceptor)s!).Retry(), this);
        // The console's stderr writer opens a descriptor on first use: at EMFILE that throws on the loop.
        Console.Error.Flush();
        _reserve.TryAcquire();
    }

    /// <summary>After a back-off: accept again only once the reserve could be taken back.</summary>
    private void Retry()
    {
        if (_reserve.Held || _reserve.TryAcquire()) AcceptPending();
        else BackOff(EMFILE);
    }

    /// <summary>Starts accepting; call on the loop.</summary>
    public void Start()
    {
        _slot = _loop.Register(_fd, this);
        AcceptPending();
    }

    public void OnEvents(uint events)
    {
        if (_backoff == TimeSpan.Zero) AcceptPending();
    }

    private void AcceptPending()
    {
        _moreQueued = false;
        for (int i = 0; i < Batch; i++)
        {
            if (_fd < 0) return;
            _loop.Audit?.Record("accept");
            int fd = Sockets.Accept(_fd);
            if (fd >= 0)
            {
                if (_backoff != TimeSpan.Zero)
                {
                    _backoff = TimeSpan.Zero;
                    Console.Error.WriteLine($"bench-asgi: accepting again ({_stats.OpenConnections} connections open)");
                }
                _accepted(fd);
                continue;
            }
            int errno = -fd;
            if (errno == EAGAIN) return;
            if (errno is EINTR or ECONNABORTED) continue;
            BackOff(errno);
            return;
        }
        // Edge-triggered: no new edge comes for connections already queued, so come back next turn.
        if (!_moreQueued)
        {
            _moreQueued = true;
            _loop.Post(static s => ((Acceptor)s!).AcceptPending(), this);
        }
    }

    private void BackOff(int errno)
    {
        _reserve.Release();
        bool episodeStarts = _backoff == TimeSpan.Zero;
        _backoff = episodeStarts ? FirstBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
        if (episodeStarts)
        {
            string what = NativeErrors.IsResourceExhaustion(errno) ? ErrnoName(errno) : $"errno {errno}";
            Console.Error.WriteLine($"bench-asgi: accept failed with {what} (descriptor limit {OpenFilesLimit()}, {_stats.OpenConnections} connections open); "
                + $"backing off {FirstBackoff.TotalMilliseconds:F0} ms doubling to {MaxBackoff.TotalSeconds:F0} s, open connections keep being served");
        }
        _loop.Arm(_retry, LoopTimers.After(_backoff));
    }

    private static string ErrnoName(int errno) => errno switch
    {
        EMFILE => "EMFILE",
        ENFILE => "ENFILE",
        ENOBUFS => "ENOBUFS",
        ENOMEM => "ENOMEM",
        _ => $"errno {errno}",
    };

    /// <summary>Stops listening: pending, unaccepted connections are refused. Call on the loop.</summary>
    public void Close()
    {
        if (_fd < 0) return;
        if (_slot >= 0) _loop.Unregister(_slot);
        LoopTimers.Disarm(_retry);
        Sockets.Close(_fd);
        _fd = -1;
    }
}
