using System.Buffers;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.Trickle;

/// <summary>
/// One slow client: sends its head a byte at a time, sleeping on its loop's timer between bytes; after
/// each sleep it looks, without waiting, whether the server answered or closed early. Every byte
/// sent, head finished, answer and close is counted, so the counts add up exactly.
/// </summary>
internal sealed class TrickleSession(TrickleScenario scenario, StreamMetrics m, int index, TimeSpan timeout)
    : ReconnectingSession(scenario.Target, index, timeout, m, TrickleLayout.Connecting, TrickleLayout.Connect, TrickleLayout.Reconnects)
{
    private const int AnswerBuffer = 4096;

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        long start = Clock.Now, firstByte = 0, written = 0, read = 0;
        int status = 0;
        var error = ErrorKind.None;
        bool open = false;
        byte[] head = scenario.Request;
        Metrics.Enter(Gauge);
        try
        {
            while (!Finishing)
            {
                bool connecting = false;
                try
                {
                    if (!open)
                    {
                        connecting = true;
                        await OpenAsync(TrickleLayout.Trickling).ConfigureAwait(false);
                        open = true;
                        connecting = false;
                    }

                    // The head, a byte at a time; the server may answer or close before it is done.
                    long began = 0;
                    Answer? answer = null;
                    bool ended = false;
                    for (int i = 0; i < head.Length && answer is null && !ended; i++)
                    {
                        await SendAllAsync(head.AsMemory(i, 1)).ConfigureAwait(false);
                        if (began == 0) began = Clock.Now;
                        written++;
                        Metrics.Count(TrickleLayout.BytesSent);
                        if (i == head.Length - 1) break;
                        if (!await DelayAsync(scenario.Spec.TrickleInterval).ConfigureAwait(false)) ended = true;
                        else answer = await EarlyAnswerAsync().ConfigureAwait(false);
                    }
                    if (ended) break; // the hold is over mid-head
                    if (answer is null)
                    {
                        Metrics.Count(TrickleLayout.Heads);
                        MoveTo(TrickleLayout.Waiting);
                        answer = await ReadAnswerAsync([], 0).ConfigureAwait(false);
                    }
                    var a = answer.Value;
                    read += a.Bytes;
                    if (a.Status == 0)
                    {
                        // Closed without a word: the connection is gone.
                        open = ServerClosed(TrickleLayout.ServerCloses);
                        if (GaveUp) break;
                        continue;
                    }
                    if (firstByte == 0) firstByte = Clock.Now;
                    status = a.Status;
                    Metrics.Count(TrickleLayout.Responses);
                    Metrics.Count(a.Status is >= 200 and < 300 ? TrickleLayout.Ok : a.Status == 408 ? TrickleLayout.Timeouts : TrickleLayout.OtherStatus);
                    Metrics.Record(TrickleLayout.Answer, Clock.ToMicros(Clock.Now - began));
                    if (a.KeepAlive && !a.Early)
                    {
                        MoveTo(TrickleLayout.Trickling);
                        continue;
                    }
                    if (Finishing) break;
                    open = CloseToReopen();
                    if (GaveUp) break;
                }
                catch (Exception ex) when (IsConnectionFault(ex))
                {
                    SessionTarget.CountExhaustion(ex, Metrics, TrickleLayout.ExhaustedFds, TrickleLayout.ExhaustedPorts);
                    var kind = Classify(ex, connecting);
                    if (connecting || kind is ErrorKind.Interrupted or ErrorKind.Exhausted or ErrorKind.Timeout || Finishing)
                    {
                        if (!Finishing || connecting) error = kind;
                        break;
                    }
                    // A reset while trickling: the server dropped the connection without an answer.
                    open = ServerClosed(TrickleLayout.ServerCloses);
                    if (GaveUp) break;
                }
            }
        }
        finally
        {
            Leave();
        }
        return new IterationOutcome(start, firstByte, Clock.Now, ConnectTicks, status, error, read, written);
    }

    /// <summary>An answer, or a close (status 0); <see cref="Early"/> when it came before the head was finished.</summary>
    private readonly record struct Answer(int Status, bool KeepAlive, bool Early, long Bytes);

    /// <summary>Looks without waiting: null while the server is silent, else its early answer or close.</summary>
    private async ValueTask<Answer?> EarlyAnswerAsync()
    {
        var first = ArrayPool<byte>.Shared.Rent(AnswerBuffer);
        try
        {
            int n = Transport.TryReceive(first.AsSpan(0, AnswerBuffer));
            if (n < 0) return null;
            if (n == 0) return new Answer(0, false, true, 0);
            var answer = await ReadAnswerAsync(first, n).ConfigureAwait(false);
            return answer with { Early = true };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    /// <summary>Reads one whole response (under the timeout) after <paramref name="filled"/> bytes already in <paramref name="initial"/>.</summary>
    private async ValueTask<Answer> ReadAnswerAsync(byte[] initial, int filled)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(AnswerBuffer);
        try
        {
            initial.AsSpan(0, filled).CopyTo(buffer);
            long bytes = filled;
            Parser.Reset(headRequest: false);
            Arm();
            while (true)
            {
                if (filled > 0)
                {
                    var state = Parser.Parse(buffer.AsSpan(0, filled), out int consumed);
                    if (state == ParseStatus.Error) throw new InvalidDataException(Parser.Error);
                    if (state == ParseStatus.Complete)
                    {
                        Disarm();
                        return new Answer(Parser.StatusCode, Parser.KeepAlive, false, bytes);
                    }
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                    if (filled == AnswerBuffer) throw new InvalidDataException("response head too large");
                }
                int n = await Transport.ReceiveAsync(buffer.AsMemory(filled, AnswerBuffer - filled)).ConfigureAwait(false);
                if (n == 0)
                {
                    Disarm();
                    // A response delimited by the close is whole now; anything else was cut off.
                    return Parser.HeadSeen && Parser.Finish() == ParseStatus.Complete
                        ? new Answer(Parser.StatusCode, false, false, bytes)
                        : new Answer(0, false, false, bytes);
                }
                bytes += n;
                filled += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }


}
