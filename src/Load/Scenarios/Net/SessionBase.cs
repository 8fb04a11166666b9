using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// The plumbing every long-lived session shares: one socket at a time, a deadline the
/// <see cref="SessionWatchdog"/> enforces, and the three ways a session can be cut short —
/// the hold ended (<see cref="Finish"/>: a success), the run interrupted it (<see cref="Abort"/>),
/// or a deadline passed (a timeout). A failure is classified by which of these happened first.
/// </summary>
public abstract class SessionBase : ISessionUser, IExpiring
{
    private const long Disarmed = 0;
    private const long Expired = -1;

    private readonly SessionWatchdog _watchdog;
    private readonly long _timeoutTicks;
    private Socket? _socket;
    private long _deadline;
    private volatile bool _aborted;
    private volatile bool _finishing;

    protected SessionBase(SessionWatchdog watchdog, TimeSpan timeout)
    {
        _watchdog = watchdog;
        _timeoutTicks = Clock.FromTimeSpan(timeout);
    }

    /// <summary>The hold is over: the session should wind down and report success.</summary>
    protected bool Finishing => _finishing;

    protected bool Aborted => _aborted;

    /// <summary>True if the watchdog closed the socket because a deadline passed.</summary>
    protected bool TimedOut => Volatile.Read(ref _deadline) == Expired;

    private ReusableDelay? _delay;

    /// <summary>
    /// Wakes whatever the session waits for when the hold ends (a send timer). Created on first
    /// use: an SSE subscriber needs it only to wait before a reconnect, and 10,000 idle timers
    /// are memory for nothing.
    /// </summary>
    protected ReusableDelay Delay
    {
        get
        {
            if (Volatile.Read(ref _delay) is { } existing) return existing;
            var created = new ReusableDelay();
            var delay = Interlocked.CompareExchange(ref _delay, created, null) ?? created;
            if (!ReferenceEquals(delay, created)) created.Dispose();
            else if (_finishing) delay.Wake(); // Finish ran before the timer existed
            return delay;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IterationOutcome> IterateAsync()
    {
        _watchdog.Add(this);
        try
        {
            return await RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _watchdog.Remove(this);
            CloseSocket();
        }
    }

    /// <summary>One whole session; must turn every network failure into an outcome.</summary>
    protected abstract ValueTask<IterationOutcome> RunAsync();

    /// <summary>Opens a socket the watchdog and <see cref="Abort"/> can close; throws on descriptor or port exhaustion.</summary>
    protected Socket OpenSocket(Connector connector)
    {
        CloseSocket();
        var socket = connector.NewSocket();
        Volatile.Write(ref _socket, socket);
        // Abort may have run between the check and the store: close what it could not see.
        if (_aborted) socket.Dispose();
        return socket;
    }

    protected void CloseSocket() => Interlocked.Exchange(ref _socket, null)?.Dispose();

    /// <summary>Starts the timeout clock for the next step (connect, handshake, the next event).</summary>
    protected void Arm() => Volatile.Write(ref _deadline, Clock.Now + _timeoutTicks);

    protected void Disarm()
    {
        long d = Volatile.Read(ref _deadline);
        if (d != Expired) Interlocked.CompareExchange(ref _deadline, Disarmed, d);
    }

    /// <summary>Clears a past expiry before a reconnect, so the next attempt is judged on its own.</summary>
    protected void ResetDeadline() => Volatile.Write(ref _deadline, Disarmed);

    public void ExpireIfDue(long now)
    {
        long deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && now > deadline && Interlocked.CompareExchange(ref _deadline, Expired, deadline) == deadline)
            Volatile.Read(ref _socket)?.Dispose();
    }

    /// <summary>Why an operation failed, given that we may have closed the socket ourselves.</summary>
    protected ErrorKind Classify(Exception ex, bool connecting)
    {
        if (TimedOut) return connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout;
        if (_aborted) return ErrorKind.Interrupted;
        return Connector.Classify(ex, connecting);
    }

    public virtual void Finish()
    {
        _finishing = true;
        Volatile.Read(ref _delay)?.Wake();
    }

    public void Abort()
    {
        _aborted = true;
        _finishing = true;
        Volatile.Read(ref _delay)?.Wake();
        CloseSocket();
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        Volatile.Read(ref _delay)?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
