using Bench.Load.Vocabulary;
using System.Buffers;
using Bench.Load.Clients;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>A parsed response head: the bytes that came after it sit in <see cref="Buffer"/> (rented; the body stream returns it).</summary>
public readonly record struct HeadResult(byte[] Buffer, int LeftoverOffset, int LeftoverCount, long FirstByteTimestamp, long BytesRead);

/// <summary>
/// What every long-lived session shares: one transport on the process's event loops, its
/// deadline (enforced by the loop's watchdog), timers on the loop, and the three ways a session
/// can be cut short — the hold ended (<see cref="Finish"/>: a success), the run interrupted it
/// (<see cref="Abort"/>), or a deadline passed (a timeout). A failure is classified by which of
/// these happened first. An idle session holds this object and its transport: no Task, no
/// timer, no buffer.
/// </summary>
public abstract class SessionBase : ISessionUser
{
    private const int InitialHeadBuffer = 1024;

    private readonly long _timeoutTicks;
    private volatile bool _aborted;
    private volatile bool _finishing;

    /// <summary>The one response parser: the head of an SSE answer, a WebSocket upgrade, a hold ping.</summary>
    protected ResponseParser Parser;

    protected SessionBase(SessionTarget target, int index, TimeSpan timeout)
    {
        Target = target;
        Transport = target.Transports.Create(index);
        _timeoutTicks = Clock.FromTimeSpan(timeout);
    }

    protected SessionTarget Target { get; }

    protected ITransport Transport { get; }

    /// <summary>The hold is over: the session should wind down and report success.</summary>
    protected bool Finishing => _finishing;

    protected bool Aborted => _aborted;

    /// <summary>True if the watchdog shut the connection because a deadline passed.</summary>
    protected bool TimedOut => Transport.TimedOut;

    /// <summary>
    /// The session itself, not an async wrapper around it: a wrapper's state machine would stay
    /// suspended for the whole hold, one more object per idle connection.
    /// </summary>
    public ValueTask<IterationOutcome> IterateAsync() => RunAsync();

    /// <summary>
    /// One whole session; must turn every network failure into an outcome, and ends with
    /// <see cref="ITransport.Close"/> in its outermost <c>finally</c>.
    /// </summary>
    protected abstract ValueTask<IterationOutcome> RunAsync();

    /// <summary>Connects under the timeout (a fresh connection each call); throws on failure, descriptor or port exhaustion.</summary>
    protected async ValueTask ConnectAsync()
    {
        Transport.Close();
        if (_aborted) throw new OperationCanceledException("the run was interrupted");
        Arm();
        await Transport.ConnectAsync(Target.Endpoint, Target.Sources.Next()).ConfigureAwait(false);
        // Abort may have run while connecting and found nothing to shut down.
        if (_aborted) Transport.Shutdown();
    }

    protected async ValueTask SendAllAsync(ReadOnlyMemory<byte> data)
    {
        for (int sent = 0; sent < data.Length;) sent += await Transport.SendAsync(data[sent..]).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a response head into a small pooled buffer (1 KiB, growing to the parser's limit);
    /// <see cref="Parser"/> is left at the body. Throws on a close before the head or a malformed one.
    /// </summary>
    protected async ValueTask<HeadResult> ReadHeadAsync()
    {
        Parser.Reset(headRequest: false);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialHeadBuffer);
        int filled = 0;
        long firstByte = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= ResponseParser.MaxHead) throw new InvalidDataException("response head too large");
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, ResponseParser.MaxHead));
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int n = await Transport.ReceiveAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (n == 0) throw new StreamEndedException("the server closed the connection before a response");
                if (firstByte == 0) firstByte = Clock.Now;
                filled += n;
                var state = Parser.ParseHead(buffer.AsSpan(0, filled), out int consumed);
                if (state == ParseStatus.Error) throw new InvalidDataException(Parser.Error);
                if (state == ParseStatus.NeedMore) continue;
                var result = new HeadResult(buffer, consumed, filled - consumed, firstByte, filled);
                buffer = null!;
                return result;
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Waits on the loop until <paramref name="timestamp"/>; false if the hold ended first (unless not <paramref name="wakeable"/>).</summary>
    protected ValueTask<bool> DelayUntilAsync(long timestamp, bool wakeable = true) => Transport.DelayUntilAsync(timestamp, wakeable);

    protected ValueTask<bool> DelayAsync(TimeSpan delay, bool wakeable = true) => Transport.DelayUntilAsync(Clock.Now + Clock.FromTimeSpan(delay), wakeable);

    /// <summary>Starts the timeout clock for the next step (connect, handshake, the next event).</summary>
    protected void Arm() => Transport.Arm(_timeoutTicks);

    protected void Disarm() => Transport.Disarm();

    /// <summary>Clears a past expiry before a reconnect, so the next attempt is judged on its own.</summary>
    protected void ResetDeadline() => Transport.ResetDeadline();

    /// <summary>Why an operation failed, given that we may have shut the connection ourselves.</summary>
    protected ErrorKind Classify(Exception ex, bool connecting)
    {
        if (ex is Clients.Tls.TlsHandshakeException tls) return tls.Kind;
        if (TimedOut) return connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout;
        if (_aborted) return ErrorKind.Interrupted;
        return SessionTarget.Classify(ex, connecting);
    }

    public virtual void Finish()
    {
        _finishing = true;
        Transport.Wake();
    }

    public void Abort()
    {
        _aborted = true;
        _finishing = true;
        Transport.Wake();
        Transport.Shutdown();
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        Transport.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
