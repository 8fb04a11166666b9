using Bench.Load.Vocabulary;
using System.Buffers;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Hold;

/// <summary>
/// One idle client. Between requests it holds no buffer (each response is read into a pooled
/// one), so an idle connection costs the socket, this object and an entry in its loop's timer
/// queue. A connection the server closed is noticed at the next request, counted, and reopened.
/// </summary>
internal sealed class HoldSession(HoldScenario scenario, StreamMetrics m, int index, TimeSpan timeout)
    : ReconnectingSession(scenario.Target, index, timeout, m, HoldLayout.Connecting, HoldLayout.Connect, HoldLayout.Reconnects)
{

    /// <summary>With no ping interval a session waits for the end of the hold in slices this long.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromMinutes(10);

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        long start = Clock.Now, firstByte = 0, read = 0, written = 0;
        int status = 0;
        var error = ErrorKind.None;
        bool open = false;
        Metrics.Enter(Gauge);
        try
        {
            while (true)
            {
                bool connecting = false;
                try
                {
                    if (!open)
                    {
                        connecting = true;
                        await OpenAsync(HoldLayout.Open).ConfigureAwait(false);
                        open = true;
                        connecting = false;
                    }
                    bool last = Finishing;
                    var (ok, keepAlive, code, bytes) = await PingAsync().ConfigureAwait(false);
                    written += scenario.Request.Length;
                    read += bytes;
                    if (firstByte == 0 && ok) firstByte = Clock.Now;
                    if (ok) status = code;
                    if (last)
                    {
                        Metrics.Count(ok ? HoldLayout.AliveAtEnd : HoldLayout.DeadAtEnd);
                        error = ok ? ErrorKind.None : ErrorKind.Reset;
                        break;
                    }
                    if (!ok || !keepAlive)
                    {
                        open = ServerClosed(HoldLayout.ServerCloses);
                        if (GaveUp) break;
                        continue;
                    }
                    // Idle until the next ping, or the end of the hold (woken early); silent holds wait in long slices.
                    var wait = scenario.Spec.PingInterval > TimeSpan.Zero ? scenario.Spec.PingInterval : Silence;
                    while (await DelayAsync(wait).ConfigureAwait(false) && scenario.Spec.PingInterval == TimeSpan.Zero) { }
                }
                catch (Exception ex) when (IsConnectionFault(ex))
                {
                    SessionTarget.CountExhaustion(ex, Metrics, HoldLayout.ExhaustedFds, HoldLayout.ExhaustedPorts);
                    var kind = Classify(ex, connecting);
                    if (connecting || kind is ErrorKind.Interrupted or ErrorKind.Exhausted || Finishing)
                    {
                        if (Finishing && !connecting) Metrics.Count(HoldLayout.DeadAtEnd);
                        error = kind;
                        break;
                    }
                    open = ServerClosed(HoldLayout.ServerCloses);
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


    /// <summary>One request on the held connection; not ok when the server had closed it.</summary>
    private async ValueTask<(bool Ok, bool KeepAlive, int Status, long Bytes)> PingAsync()
    {
        long t0 = Clock.Now;
        Arm();
        await SendAllAsync(scenario.Request).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            Parser.Reset(headRequest: false);
            int filled = 0;
            long bytes = 0;
            while (true)
            {
                if (filled == buffer.Length) return (false, false, 0, bytes); // a ping's answer is small; anything else is not one
                int n = await Transport.ReceiveAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (n == 0) return (false, false, 0, bytes);
                bytes += n;
                filled += n;
                var state = Parser.Parse(buffer.AsSpan(0, filled), out int consumed);
                if (state == ParseStatus.Error) throw new InvalidDataException(Parser.Error);
                if (state == ParseStatus.Complete)
                {
                    Disarm();
                    Metrics.Count(HoldLayout.Requests);
                    Metrics.Record(HoldLayout.Ping, Clock.ToMicros(Clock.Now - t0));
                    return (Parser.StatusCode < 400, Parser.KeepAlive, Parser.StatusCode, bytes);
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
