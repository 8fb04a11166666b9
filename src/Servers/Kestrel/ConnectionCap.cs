using Bench.Servers.Hosting;

namespace Bench.Servers.Kestrel;

/// <summary>
/// Kestrel at its descriptor limit, measured (<c>prlimit --nofile=256</c>, 400 idle connections): its
/// socket listener retries a failed accept at once (.NET's SocketConnectionListener takes every
/// SocketException but "aborted" for a connection reset in the backlog), so EMFILE spins the accept
/// loop; the exception path itself needs a descriptor (it loads System.Diagnostics.StackTrace.dll),
/// and within a second the runtime aborts with "Out of memory." — no open connection answered.
/// Closing connections over a limit once accepted does not help: Kestrel accepts faster than it
/// closes them. So Kestrel's accept loop must not reach EMFILE at all: <see cref="CappedTransport"/>
/// stops calling accept while the connections held are at what the descriptors free at start leave
/// room for (<see cref="DescriptorBudget"/>, as the WSGI twin caps worker_connections); new clients wait
/// in the backlog and are accepted as connections close. One line per episode says so.
/// </summary>
internal sealed class ConnectionCap(string server)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private int _limit = int.MaxValue;
    private long _descriptorLimit;
    private int _held;
    private int _paused;
    private long _lastFull;
    private const long EpisodeGapMs = 1000;

    /// <summary>Sizes the cap from the descriptors free now (call once the server is listening).</summary>
    public void Size()
    {
        _descriptorLimit = Bench.Native.LinuxNative.OpenFilesLimit();
        // The console's stderr writer opens a descriptor on first use: not at the limit.
        Console.Error.Flush();
        Volatile.Write(ref _limit, DescriptorBudget.PerWorker(int.MaxValue, 1, out _));
    }

    /// <summary>Returns once one more connection fits (at once, but for a full server).</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _held) < Volatile.Read(ref _limit))
        {
            // An episode ends after a second with room, not at every place that frees (a draining backlog refills it many times).
            if (Volatile.Read(ref _paused) == 1 && Environment.TickCount64 - Volatile.Read(ref _lastFull) > EpisodeGapMs) Interlocked.Exchange(ref _paused, 0);
            return;
        }
        if (Interlocked.Exchange(ref _paused, 1) == 0)
            Console.Error.WriteLine($"{server}: accept paused at {Volatile.Read(ref _limit)} connections, the most the descriptor limit ({_descriptorLimit}) " +
                $"holds with {DescriptorBudget.Headroom} to spare; new clients wait in the backlog, open connections keep being served");
        // The accept loop is one task per listener: a short poll costs nothing while paused.
        while (Volatile.Read(ref _held) >= Volatile.Read(ref _limit)) await Task.Delay(Poll, cancellationToken);
        Volatile.Write(ref _lastFull, Environment.TickCount64);
    }

    public void Taken() => Interlocked.Increment(ref _held);

    public void Returned() => Interlocked.Decrement(ref _held);
}
