using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Net;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.WsEcho;

/// <summary>
/// One echo client. Each message carries its sequence and actual send time in its first 16
/// bytes, so an echo is matched and timed without a per-message table; the intended send time
/// follows from the sequence. Sending and receiving run concurrently (one of each, as
/// WebSocket allows).
/// </summary>
internal sealed class WsEchoSession(WsEchoScenario scenario, StreamMetrics m, SessionWatchdog watchdog, TimeSpan timeout)
    : WebSocketSession(watchdog, timeout)
{
    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(2);

    private long _received;

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        long start = Clock.Now;
        var spec = scenario.Spec;
        int gauge = WsEchoLayout.Connecting;
        m.Enter(gauge);
        WebSocketOpen open = default;
        long sent = 0;
        var error = ErrorKind.None;
        try
        {
            open = await OpenWebSocketAsync(scenario.Connector, spec.PathAndQuery, spec.HostHeader).ConfigureAwait(false);
            m.Record(WsEchoLayout.Connect, Clock.ToMicros(open.ConnectTicks));
            if (open.Socket is not { } ws)
            {
                m.Count(WsEchoLayout.Refused);
                return Outcome(start, open, ErrorKind.HttpStatus, 0);
            }
            m.Record(WsEchoLayout.Handshake, Clock.ToMicros(open.HandshakeTicks));
            m.Move(gauge, WsEchoLayout.Open);
            gauge = WsEchoLayout.Open;

            double period = Stopwatch.Frequency / spec.MessageRate;
            long t0 = Clock.Now;
            var receiving = ReceiveAsync(ws, t0, period);
            sent = await SendAsync(ws, t0, period).ConfigureAwait(false);
            if (!receiving.IsCompleted)
            {
                // Give in-flight echoes a moment, then close normally; the close reply ends the receiver.
                long drainUntil = Clock.Now + Clock.FromTimeSpan(MaxDrain);
                while (Volatile.Read(ref _received) < sent && !receiving.IsCompleted && Clock.Now < drainUntil) await Task.Delay(5).ConfigureAwait(false);
                try
                {
                    await CloseNormallyAsync(ws).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException)
                {
                    // The receiver sees the same failure and reports it.
                }
            }
            int code = await receiving.ConfigureAwait(false);
            Disarm();
            error = JudgeClose(code, m, WsEchoLayout.AbnormalCloses);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or WebSocketException or OperationCanceledException)
        {
            Connector.CountExhaustion(ex, m, WsEchoLayout.ExhaustedFds, WsEchoLayout.ExhaustedPorts);
            error = Classify(ex, Connecting);
        }
        finally
        {
            m.Leave(gauge);
            long lost = sent - Volatile.Read(ref _received);
            if (lost > 0) m.Count(WsEchoLayout.Lost, lost);
        }
        return Outcome(start, open, error, sent);
    }

    private async Task<long> SendAsync(WebSocket ws, long t0, double period)
    {
        var payload = new byte[scenario.Spec.MessageSize];
        payload.AsSpan(16).Fill((byte)'x');
        long k = 0;
        try
        {
            while (!Finishing)
            {
                long intended = t0 + (long)(k * period);
                long now = Clock.Now;
                if (intended > now && !await Delay.WaitAsync(Clock.ToTimeSpan(intended - now)).ConfigureAwait(false)) break;
                if (Finishing || ws.State != WebSocketState.Open) break;
                long sendAt = Clock.Now;
                BinaryPrimitives.WriteInt64LittleEndian(payload, k);
                BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(8), sendAt);
                await ws.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None).ConfigureAwait(false);
                k++;
                m.Count(WsEchoLayout.Sent);
                m.Record(WsEchoLayout.SendLag, Clock.ToMicros(sendAt - intended));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The connection failed under a send; the receiver records how it ended.
        }
        return k;
    }

    /// <summary>Matches echoes until the connection ends; returns the close code (1006 when no close frame came).</summary>
    private async Task<int> ReceiveAsync(WebSocket ws, long t0, double period)
    {
        var buffer = new byte[Math.Max(scenario.Spec.MessageSize, 32)];
        long expected = 0;
        try
        {
            while (true)
            {
                int n = await ReceiveMessageAsync(ws, buffer).ConfigureAwait(false);
                if (n < 0) return WebSocketConnector.CloseCode(ws);
                long now = Clock.Now;
                long seq = n >= 16 ? BinaryPrimitives.ReadInt64LittleEndian(buffer) : -1;
                if (seq != expected)
                {
                    m.Count(WsEchoLayout.Unmatched);
                    if (seq > expected) expected = seq + 1;
                    continue;
                }
                expected++;
                long sentAt = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8));
                m.Record(WsEchoLayout.Rtt, Clock.ToMicros(now - (t0 + (long)(seq * period))));
                m.Record(WsEchoLayout.RttUncorrected, Clock.ToMicros(now - sentAt));
                m.Count(WsEchoLayout.Received);
                Volatile.Write(ref _received, _received + 1);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            return 1006;
        }
    }

    private IterationOutcome Outcome(long start, in WebSocketOpen open, ErrorKind error, long sent)
    {
        long size = scenario.Spec.MessageSize;
        return new(start, open.FirstByte, Clock.Now, open.ConnectTicks, open.Status, error, Volatile.Read(ref _received) * size, sent * size);
    }
}
