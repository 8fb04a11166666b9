using System.Net.Sockets;

namespace Bench.Servers.Hosting;

/// <summary>
/// What an accept loop does when the process is out of descriptors (EMFILE, ENFILE) or the kernel out
/// of socket buffers (ENOBUFS). The refused connection stays in the listen backlog, so the listener stays
/// readable and an immediate retry spins at 100 % CPU without ever freeing anything. Instead the loop
/// waits 10 ms, doubling to 1 s, while the connections already open go on being served; one line per
/// episode names the limit and how many connections are open; the first accept that succeeds ends it.
/// A reserve of descriptors (<see cref="DescriptorReserve"/>) is released when accept hits the limit, so
/// the connections already open can still load what they need, and is taken back before accepting
/// again. No accept-and-503 with it: a client waiting in the backlog is served as soon as descriptors
/// free up instead of being refused, and the backlog itself bounds what waits.
/// Used by the WSGI twin's accept threads (the ASGI twin's Acceptor does the same on its loop); one
/// instance per server, shared by its accept loops; each loop keeps its own delay.
/// </summary>
public sealed class AcceptBackoff
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);
    private const int ReserveSize = 16;

    private readonly string _server;
    private readonly ServerStats _stats;
    private readonly object _gate = new();
    private readonly DescriptorReserve _reserve = new(ReserveSize);
    private volatile bool _inEpisode;
    // Read now: at the limit even loading the assembly that reads it needs a descriptor.
    private readonly long _limit = Bench.Native.LinuxNative.OpenFilesLimit();

    public AcceptBackoff(string server, ServerStats stats)
    {
        _server = server;
        _stats = stats;
        // The console's stderr writer is created on first use, which opens a descriptor: do it now.
        Console.Error.Flush();
        _reserve.TryAcquire();
    }

    /// <summary>Errors that mean "no resources now, retrying at once cannot help".</summary>
    public static bool IsExhaustion(Exception e) =>
        e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable };

    /// <summary>The next delay of an episode, given the previous one (zero when the episode starts).</summary>
    public static TimeSpan Next(TimeSpan previous) =>
        previous == TimeSpan.Zero ? FirstDelay : TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxDelay.Ticks));

    /// <summary>Before each accept: false while the reserve cannot be taken back (then wait <see cref="Next"/> and ask again).</summary>
    public bool MayAccept()
    {
        if (!_inEpisode) return true;
        lock (_gate) return _reserve.Held || _reserve.TryAcquire();
    }

    /// <summary>After an accept failed with <see cref="IsExhaustion"/>: releases the reserve, logs once per episode, returns the delay.</summary>
    public TimeSpan Failed(SocketException error, TimeSpan previous)
    {
        lock (_gate)
        {
            _reserve.Release();
            if (!_inEpisode)
            {
                _inEpisode = true;
                // The same line as the ASGI twin's acceptor, so one grep finds either.
                Console.Error.WriteLine($"{_server}: accept failed with {ErrnoName(error)} (descriptor limit {_limit}, " +
                    $"{_stats.OpenConnections} connections open); backing off {FirstDelay.TotalMilliseconds:F0} ms doubling to {MaxDelay.TotalSeconds:F0} s, open connections keep being served");
            }
        }
        return Next(previous);
    }

    /// <summary>The error by its errno name; .NET folds EMFILE and ENFILE into one SocketError.</summary>
    private static string ErrnoName(SocketException error) => error.SocketErrorCode switch
    {
        SocketError.TooManyOpenSockets => "EMFILE/ENFILE",
        SocketError.NoBufferSpaceAvailable => "ENOBUFS",
        _ => error.SocketErrorCode.ToString(),
    };

    /// <summary>An accept succeeded: the episode, if any, is over (the next failure logs again).</summary>
    public void Accepted()
    {
        if (_inEpisode) lock (_gate) _inEpisode = false;
    }
}
