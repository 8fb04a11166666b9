using System.Net.WebSockets;
using Bench.Load.Vocabulary;
using System.Diagnostics;
using System.Net.Sockets;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using System.Runtime.CompilerServices;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.WsChat;

/// <summary>One chat member: join, wait for the room to fill, talk on an open schedule, then drain what the room still owes it.</summary>
internal sealed class WsChatSession(WsChatScenario scenario, StreamMetrics m, ChatRooms.Room room, string path, int index, TimeSpan timeout)
    : WebSocketSession(scenario.Target, index, timeout, 256 + scenario.Spec.MessageSize)
{
    /// <summary>The server joins a member after its 101 has gone out; this covers that gap before anyone talks.</summary>
    private static readonly TimeSpan JoinSettle = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly long _timeoutTicks = Clock.FromTimeSpan(timeout);
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
            open = await OpenWebSocketAsync(path, spec.HostHeader).ConfigureAwait(false);
            m.Record(WsChatLayout.Connect, Clock.ToMicros(open.ConnectTicks));
            if (!open.Open)
            {
                m.Count(WsChatLayout.Refused);
                return Outcome(start, open, ErrorKind.HttpStatus, 0);
            }
            m.Record(WsChatLayout.Handshake, Clock.ToMicros(open.HandshakeTicks));
            gauge = Move(gauge, WsChatLayout.WaitingForRoom);
            var receiving = ReceiveUntilClosedAsync();
            room.Join();
            joined = true;
            // Polled on the loop's timer: a Task.Delay per member would be a timer object per connection.
            await WaitForAsync(() => room.IsFull, Clock.Now + _timeoutTicks, Step).ConfigureAwait(false);
            if (!room.IsFull) m.Count(WsChatLayout.IncompleteRooms);
            await DelayAsync(JoinSettle, wakeable: false).ConfigureAwait(false);
            gauge = Move(gauge, WsChatLayout.Open);

            sent = await SendAsync().ConfigureAwait(false);
            room.DoneSending();
            joined = false;
            await DrainAsync(receiving).ConfigureAwait(false);
            long owed = room.Sent;
            m.Count(WsChatLayout.Expected, owed);
            m.Count(WsChatLayout.Missing, Math.Max(0, owed - Volatile.Read(ref _delivered)));
            if (!receiving.IsCompleted)
            {
                try
                {
                    await CloseNormallyAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
                {
                }
            }
            int code = await receiving.ConfigureAwait(false);
            Disarm();
            error = JudgeClose(code, m, WsChatLayout.AbnormalCloses);
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
        {
            SessionTarget.CountExhaustion(ex, m, WsChatLayout.ExhaustedFds, WsChatLayout.ExhaustedPorts);
            error = Classify(ex, Connecting);
        }
        finally
        {
            Transport.Close();
            if (joined) room.DoneSending();
            m.Leave(gauge);
        }
        return Outcome(start, open, error, sent);
    }

    /// <summary>
    /// Once every member has stopped, the room's count is final: waits for all of it (or the
    /// receiver's end, or <see cref="MaxDrain"/>). Its own method so that the lambdas' closure over
    /// <paramref name="receiving"/> exists only now, not for the whole session as it would in RunAsync.
    /// </summary>
    private async ValueTask DrainAsync(ValueTask<int> receiving)
    {
        long until = Clock.Now + Clock.FromTimeSpan(MaxDrain);
        await WaitForAsync(() => room.AllDoneSending || receiving.IsCompleted, until, Step).ConfigureAwait(false);
        await WaitForAsync(() => Volatile.Read(ref _delivered) >= room.Sent || receiving.IsCompleted, until, Step).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long> SendAsync()
    {
        var payload = scenario.Payload;
        double period = Stopwatch.Frequency / scenario.Spec.MessageRate;
        long t0 = Clock.Now, k = 0;
        try
        {
            while (!Finishing)
            {
                long intended = t0 + (long)(k * period);
                if (!await DelayUntilAsync(intended).ConfigureAwait(false)) break;
                if (Finishing || !IsOpen) break;
                // Counted before the send: the room's total must never be below what members may receive.
                room.CountSent();
                m.Count(WsChatLayout.Sent);
                k++;
                if (!await SendMessageAsync(payload, text: true).ConfigureAwait(false)) break;
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
        return k;
    }

    /// <summary>Checks one broadcast's place in the room's order and times it from the server's stamp, on the loop thread.</summary>
    protected override void OnMessage(ReadOnlySpan<byte> payload, bool text)
    {
        long nowMicros = Clock.ToMicros(Clock.Now);
        if (!StampedJson.TryRead(payload, out long seq, out long stamp))
        {
            m.Count(WsChatLayout.OutOfOrder);
            return;
        }
        m.Record(WsChatLayout.Lag, nowMicros - stamp);
        // One order per room (the server stamps under the room's lock): each delivery must be the next.
        if (seq != _lastSeq + 1) m.Count(WsChatLayout.OutOfOrder);
        _lastSeq = Math.Max(_lastSeq, seq);
        m.Count(WsChatLayout.Delivered);
        Volatile.Write(ref _delivered, _delivered + 1);
    }

    private int Move(int from, int to)
    {
        m.Move(from, to);
        return to;
    }

    private IterationOutcome Outcome(long start, in WebSocketOpen open, ErrorKind error, long sent) =>
        new(start, open.FirstByte, Clock.Now, open.ConnectTicks, open.Status, error, 0, sent * scenario.Spec.MessageSize);
}
