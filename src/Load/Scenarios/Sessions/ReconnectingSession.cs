using System.Net.Sockets;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// A session that holds one connection and opens it again when the server ends it (hold, trickle):
/// the timed connect, the gauge the connection is counted in, and the reconnect bookkeeping. Kept as
/// fields of the session itself, so a held connection costs no extra object.
/// </summary>
internal abstract class ReconnectingSession : SessionBase
{
    /// <summary>A session stops after this many reconnects rather than loop against a server that keeps closing.</summary>
    private const int MaxReconnects = 1000;

    private readonly StreamMetrics _metrics;
    private readonly int _connectingGauge, _connectRecorder, _reconnectsCounter;
    private int _reconnects;

    /// <param name="connectingGauge">The gauge a connection is in until it is open (entered at once).</param>
    /// <param name="connectRecorder">Where each connect's time is recorded.</param>
    /// <param name="reconnectsCounter">Counted once per reopen.</param>
    protected ReconnectingSession(SessionTarget target, int index, TimeSpan timeout, StreamMetrics metrics,
        int connectingGauge, int connectRecorder, int reconnectsCounter) : base(target, index, timeout)
    {
        _metrics = metrics;
        _connectingGauge = connectingGauge;
        _connectRecorder = connectRecorder;
        _reconnectsCounter = reconnectsCounter;
        Gauge = connectingGauge;
    }

    /// <summary>Where this session counts and records.</summary>
    protected StreamMetrics Metrics => _metrics;

    /// <summary>The gauge this session is counted in now (enter it at the start, leave it at the end).</summary>
    protected int Gauge { get; private set; }

    /// <summary>The first connect's time, in <see cref="Clock"/> ticks; 0 before it.</summary>
    protected long ConnectTicks { get; private set; }

    /// <summary>More reopens than a session makes: give up.</summary>
    protected bool GaveUp => _reconnects > MaxReconnects;

    /// <summary>Connects, records the connect's time, and moves to <paramref name="openGauge"/>.</summary>
    protected async ValueTask OpenAsync(int openGauge)
    {
        long t0 = Clock.Now;
        await ConnectAsync().ConfigureAwait(false);
        long ticks = Math.Max(1, Clock.Now - t0);
        if (ConnectTicks == 0) ConnectTicks = ticks;
        _metrics.Record(_connectRecorder, Clock.ToMicros(ticks));
        MoveTo(openGauge);
    }

    protected void MoveTo(int to)
    {
        if (Gauge != to) _metrics.Move(Gauge, to);
        Gauge = to;
    }

    /// <summary>A fault of the one connection, which the session's loop handles itself (reopen, or end with its error kind); anything else is a bug and propagates.</summary>
    protected static bool IsConnectionFault(Exception ex) =>
        ex is SocketException or IOException or ObjectDisposedException or InvalidDataException or OperationCanceledException;

    /// <summary>The server closed the connection: counted under <paramref name="serverCloses"/>, then closed to reopen; returns false, the new "open".</summary>
    protected bool ServerClosed(int serverCloses)
    {
        _metrics.Count(serverCloses);
        return CloseToReopen();
    }

    /// <summary>The last thing a session's run does: the connection closed for good and the session off its gauge.</summary>
    protected void Leave()
    {
        Transport.Close();
        _metrics.Leave(Gauge);
    }

    /// <summary>Closes the connection so that the next turn opens it again; returns false, the new "open".</summary>
    protected bool CloseToReopen()
    {
        Transport.Close();
        ResetDeadline();
        MoveTo(_connectingGauge);
        _reconnects++;
        _metrics.Count(_reconnectsCounter);
        return false;
    }
}
