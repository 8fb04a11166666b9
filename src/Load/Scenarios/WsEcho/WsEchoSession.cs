using System.Net.WebSockets;
using Bench.Load.Vocabulary;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.WsEcho;

/// <summary>
/// One echo client. Each message carries its sequence and actual send time in its first 16
/// bytes, so an echo is matched and timed without a per-message table; the intended send time
/// follows from the sequence. Sending (on the loop's timer) and receiving (on the loop's
/// readiness) run concurrently, one of each, as WebSocket allows.
/// </summary>
internal sealed class WsEchoSession(WsEchoScenario scenario, StreamMetrics m, int index, TimeSpan timeout)
    : WebSocketSession(scenario.Target, index, timeout, scenario.Spec.MessageSize)
{
    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainStep = TimeSpan.FromMilliseconds(5);

    private long _received;
    private long _expected;
    private long _t0;
    private double _period;

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
            open = await OpenWebSocketAsync(spec.PathAndQuery, spec.HostHeader).ConfigureAwait(false);
            m.Record(WsEchoLayout.Connect, Clock.ToMicros(open.ConnectTicks));
            if (!open.Open)
            {
                m.Count(WsEchoLayout.Refused);
                return Outcome(start, open, ErrorKind.HttpStatus, 0);
            }
            m.Record(WsEchoLayout.Handshake, Clock.ToMicros(open.HandshakeTicks));
            m.Move(gauge, WsEchoLayout.Open);
            gauge = WsEchoLayout.Open;

            _period = Stopwatch.Frequency / spec.MessageRate;
            _t0 = Clock.Now;
            var receiving = ReceiveUntilClosedAsync();
            sent = await SendAsync().ConfigureAwait(false);
            if (!receiving.IsCompleted)
            {
                // Give in-flight echoes a moment, then close normally; the close reply ends the receiver.
                await DrainAsync(sent, receiving).ConfigureAwait(false);
                try
                {
                    await CloseNormallyAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
                {
                    // The receiver sees the same failure and reports it.
                }
            }
            int code = await receiving.ConfigureAwait(false);
            Disarm();
            error = JudgeClose(code, m, WsEchoLayout.AbnormalCloses);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
        {
            SessionTarget.CountExhaustion(ex, m, WsEchoLayout.ExhaustedFds, WsEchoLayout.ExhaustedPorts);
            error = Classify(ex, Connecting);
        }
        finally
        {
            Transport.Close();
            m.Leave(gauge);
            long lost = sent - Volatile.Read(ref _received);
            if (lost > 0) m.Count(WsEchoLayout.Lost, lost);
        }
        return Outcome(start, open, error, sent);
    }

    /// <summary>
    /// Waits until every sent message is echoed, the receiver ends, or <see cref="MaxDrain"/>. Its
    /// own method so that the lambda's closure exists only now: captured in RunAsync, it would be
    /// allocated when the session starts and held for the whole hold.
    /// </summary>
    private ValueTask DrainAsync(long owed, ValueTask<int> receiving) =>
        WaitForAsync(() => Volatile.Read(ref _received) >= owed || receiving.IsCompleted, Clock.Now + Clock.FromTimeSpan(MaxDrain), DrainStep);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> SendAsync()
    {
        int size = scenario.Spec.MessageSize;
        long k = 0;
        try
        {
            while (!Finishing)
            {
                long intended = _t0 + (long)(k * _period);
                if (!await DelayUntilAsync(intended).ConfigureAwait(false)) break;
                if (Finishing || !IsOpen) break;
                long sendAt = Clock.Now;
                // Pooled for this message only: an idle client holds no payload buffer.
                byte[] payload = ArrayPool<byte>.Shared.Rent(size);
                bool sentOne;
                try
                {
                    BinaryPrimitives.WriteInt64LittleEndian(payload, k);
                    BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(8), sendAt);
                    payload.AsSpan(16, size - 16).Fill((byte)'x');
                    sentOne = await SendMessageAsync(payload.AsMemory(0, size), text: false).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }
                if (!sentOne) break;
                k++;
                m.Count(WsEchoLayout.Sent);
                // The generator's own share of the RTT: how late the loop sent after the intended time.
                m.Record(WsEchoLayout.SendLag, Clock.ToMicros(sendAt - intended));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The connection failed under a send; the receiver records how it ended.
        }
        return k;
    }

    /// <summary>Matches an echo to its sequence and times it, on the loop thread.</summary>
    protected override void OnMessage(ReadOnlySpan<byte> payload, bool text)
    {
        long now = Clock.Now;
        long seq = payload.Length >= 16 ? BinaryPrimitives.ReadInt64LittleEndian(payload) : -1;
        if (seq != _expected)
        {
            m.Count(WsEchoLayout.Unmatched);
            if (seq > _expected) _expected = seq + 1;
            return;
        }
        _expected++;
        long sentAt = BinaryPrimitives.ReadInt64LittleEndian(payload[8..]);
        m.Record(WsEchoLayout.Rtt, Clock.ToMicros(now - (_t0 + (long)(seq * _period))));
        m.Record(WsEchoLayout.RttUncorrected, Clock.ToMicros(now - sentAt));
        m.Count(WsEchoLayout.Received);
        Volatile.Write(ref _received, _received + 1);
    }

    private IterationOutcome Outcome(long start, in WebSocketOpen open, ErrorKind error, long sent)
    {
        long size = scenario.Spec.MessageSize;
        return new(start, open.FirstByte, Clock.Now, open.ConnectTicks, open.Status, error, Volatile.Read(ref _received) * size, sent * size);
    }
}
