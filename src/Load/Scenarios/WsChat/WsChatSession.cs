using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Net;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.WsChat;

/// <summary>One chat member: join, wait for the room to fill, talk on an open schedule, then drain what the room still owes it.</summary>
internal sealed class WsChatSession(WsChatScenario scenario, StreamMetrics m, ChatRooms.Room room, string path, SessionWatchdog watchdog, TimeSpan timeout)
    : WebSocketSession(watchdog, timeout)
{
    /// <summary>The server joins a member after its 101 has gone out; this covers that gap before anyone talks.</summary>
    private static readonly TimeSpan JoinSettle = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(3);

    private readonly TimeSpan _timeout = timeout;
    private long _delivered;
    private long _lastSeq;

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        long start = Clock.Now;
        var spec = scenario.Spec;
        int gauge = WsChatLayout.Connecting;
        m.Enter(gauge);
        WebSocketOpen open = default;
        bool joined = false;
        long sent = 0;
        var error = ErrorKind.None;
        try
        {
            open = await OpenWebSocketAsync(scenario.Connector, path, spec.HostHeader).ConfigureAwait(false);
            m.Record(WsChatLayout.Connect, Clock.ToMicros(open.ConnectTicks));
            if (open.Socket is not { } ws)
            {
                m.Count(WsChatLayout.Refused);
                return Outcome(start, open, ErrorKind.HttpStatus, 0);
            }
            m.Record(WsChatLayout.Handshake, Clock.ToMicros(open.HandshakeTicks));
            gauge = Move(gauge, WsChatLayout.WaitingForRoom);
            var receiving = ReceiveAsync(ws);
            room.Join();
            joined = true;
            if (await Task.WhenAny(room.Full, Task.Delay(_timeout)).ConfigureAwait(false) != room.Full) m.Count(WsChatLayout.IncompleteRooms);
            await Task.Delay(JoinSettle).ConfigureAwait(false);
            gauge = Move(gauge, WsChatLayout.Open);

            sent = await SendAsync(ws).ConfigureAwait(false);
            room.DoneSending();
            joined = false;
            // Once every member has stopped, the room's count is final: wait for all of it.
            long until = Clock.Now + Clock.FromTimeSpan(MaxDrain);
            while (!room.AllDoneSending && !receiving.IsCompleted && Clock.Now < until) await Task.Delay(10).ConfigureAwait(false);
            while (Volatile.Read(ref _delivered) < room.Sent && !receiving.IsCompleted && Clock.Now < until) await Task.Delay(10).ConfigureAwait(false);
            long owed = room.Sent;
            m.Count(WsChatLayout.Expected, owed);
            m.Count(WsChatLayout.Missing, Math.Max(0, owed - Volatile.Read(ref _delivered)));
            if (!receiving.IsCompleted)
            {
                try
                {
                    await CloseNormallyAsync(ws).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException)
                {
                }
            }
            int code = await receiving.ConfigureAwait(false);
            Disarm();
            error = JudgeClose(code, m, WsChatLayout.AbnormalCloses);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or WebSocketException or OperationCanceledException)
        {
            Connector.CountExhaustion(ex, m, WsChatLayout.ExhaustedFds, WsChatLayout.ExhaustedPorts);
            error = Classify(ex, Connecting);
        }
        finally
        {
            if (joined) room.DoneSending();
            m.Leave(gauge);
        }
        return Outcome(start, open, error, sent);
    }

    private async Task<long> SendAsync(WebSocket ws)
    {
        var payload = new byte[scenario.Spec.MessageSize];
        payload.AsSpan().Fill((byte)'x');
        double period = Stopwatch.Frequency / scenario.Spec.MessageRate;
        long t0 = Clock.Now, k = 0;
        try
        {
            while (!Finishing)
            {
                long intended = t0 + (long)(k * period);
                long now = Clock.Now;
                if (intended > now && !await Delay.WaitAsync(Clock.ToTimeSpan(intended - now)).ConfigureAwait(false)) break;
                if (Finishing || ws.State != WebSocketState.Open) break;
                // Counted before the send: the room's total must never be below what members may receive.
                room.CountSent();
                m.Count(WsChatLayout.Sent);
                k++;
                await ws.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        return k;
    }

    private async Task<int> ReceiveAsync(WebSocket ws)
    {
        var buffer = new byte[256 + scenario.Spec.MessageSize];
        try
        {
            while (true)
            {
                int n = await ReceiveMessageAsync(ws, buffer).ConfigureAwait(false);
                if (n < 0) return WebSocketConnector.CloseCode(ws);
                long nowMicros = Clock.ToMicros(Clock.Now);
                if (!StampedJson.TryRead(buffer.AsSpan(0, n), out long seq, out long stamp))
                {
                    m.Count(WsChatLayout.OutOfOrder);
                    continue;
                }
                m.Record(WsChatLayout.Lag, nowMicros - stamp);
                // One order per room (the server stamps under the room's lock): each delivery must be the next.
                if (seq != _lastSeq + 1) m.Count(WsChatLayout.OutOfOrder);
                _lastSeq = Math.Max(_lastSeq, seq);
                m.Count(WsChatLayout.Delivered);
                Volatile.Write(ref _delivered, _delivered + 1);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            return 1006;
        }
    }

    private int Move(int from, int to)
    {
        m.Move(from, to);
        return to;
    }

    private IterationOutcome Outcome(long start, in WebSocketOpen open, ErrorKind error, long sent) =>
        new(start, open.FirstByte, Clock.Now, open.ConnectTicks, open.Status, error, 0, sent * scenario.Spec.MessageSize);
}
