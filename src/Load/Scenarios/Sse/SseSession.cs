using System.Net.ServerSentEvents;
using System.Net.Sockets;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Net;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.Sse;

/// <summary>
/// One subscriber: connect, GET the stream, then one pass over SseParser per connection,
/// checking each event's sequence (gaps, duplicates) and its lag behind the server's stamp.
/// With reconnect on, a premature end is followed by a resume with Last-Event-ID after the
/// server's retry hint, as EventSource does; the time from the drop to the next event is "resume".
/// </summary>
internal sealed class SseSession(SseScenario scenario, StreamMetrics m, SessionWatchdog watchdog, TimeSpan timeout)
    : SessionBase(watchdog, timeout)
{
    /// <summary>Bounded so a server that drops every stream cannot make a session loop for ever.</summary>
    private const int MaxReconnects = 100;

    private static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(1);

    private readonly bool _finite = scenario.Spec.Events > 0;

    /// <summary>A finite stream runs to its last event (the hold only bounds when subscribers start); an endless one ends with the hold.</summary>
    public override void Finish()
    {
        base.Finish();
        if (!_finite) CloseSocket();
    }

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        long start = Clock.Now;
        long connectTicks = 0, firstByte = 0, bytesRead = 0, bytesWritten = 0;
        long lastSeq = 0, expected = 1, resumeFrom = 0;
        int status = 0, reconnects = 0, gauge = SseLayout.Connecting;
        bool everStreamed = false;
        var error = ErrorKind.None;
        m.Enter(gauge);
        try
        {
            while (true)
            {
                bool connecting = true, streamedNow = false, endedByServer = false;
                TimeSpan retry = DefaultRetry;
                error = ErrorKind.None;
                try
                {
                    var socket = OpenSocket(scenario.Connector);
                    Arm();
                    long t0 = Clock.Now;
                    await socket.ConnectAsync(scenario.Connector.Target).ConfigureAwait(false);
                    connecting = false;
                    if (connectTicks == 0)
                    {
                        connectTicks = Math.Max(1, Clock.Now - t0);
                        m.Record(SseLayout.Connect, Clock.ToMicros(connectTicks));
                    }
                    gauge = Move(gauge, SseLayout.Waiting);
                    var request = lastSeq > 0 ? SseScenario.Encode(scenario.Spec, lastSeq) : scenario.Request;
                    for (int sent = 0; sent < request.Length;) sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None).ConfigureAwait(false);
                    bytesWritten += request.Length;

                    var head = await HeadReader.ReadAsync(socket).ConfigureAwait(false);
                    if (firstByte == 0) firstByte = head.FirstByteTimestamp;
                    status = head.Head.Status;
                    using var body = SocketStream.ForBody(socket, head);
                    if (status != 200)
                    {
                        error = ErrorKind.HttpStatus;
                        break;
                    }
                    try
                    {
                        var parser = SseParser.Create(body, SseEvent.Parse);
                        await foreach (var item in parser.EnumerateAsync().ConfigureAwait(false))
                        {
                            long now = Clock.Now;
                            Arm(); // the next event must come within the timeout
                            if (!streamedNow)
                            {
                                streamedNow = true;
                                gauge = Move(gauge, SseLayout.Streaming);
                                if (!everStreamed) m.Record(SseLayout.FirstEvent, Clock.ToMicros(now - start));
                                else m.Record(SseLayout.Resume, Clock.ToMicros(now - resumeFrom));
                                everStreamed = true;
                            }
                            var e = item.Data;
                            if (e.Seq < 0)
                            {
                                m.Count(SseLayout.Malformed);
                                continue;
                            }
                            m.Record(SseLayout.Lag, Clock.ToMicros(now) - e.ServerMicros);
                            m.Count(SseLayout.Events);
                            if (e.Seq > expected) m.Count(SseLayout.Gaps, e.Seq - expected);
                            else if (e.Seq < expected) m.Count(SseLayout.Duplicates);
                            expected = Math.Max(expected, e.Seq + 1);
                            lastSeq = Math.Max(lastSeq, e.Seq);
                        }
                        endedByServer = true;
                        // The server's retry: hint (1 s from Bench's servers); SseParser reports infinite when none came.
                        var hint = parser.ReconnectionInterval;
                        retry = hint > TimeSpan.Zero && hint <= TimeSpan.FromMinutes(1) ? hint : DefaultRetry;
                    }
                    finally
                    {
                        bytesRead += body.BytesRead + head.LeftoverOffset;
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
                {
                    Connector.CountExhaustion(ex, m, SseLayout.ExhaustedFds, SseLayout.ExhaustedPorts);
                    error = Classify(ex, connecting);
                }
                Disarm();
                CloseSocket();

                bool complete = _finite && lastSeq >= scenario.Spec.Events;
                if (complete || (Finishing && error is not ErrorKind.Timeout))
                {
                    // The stream ran to its end, or we ended it because the hold is over.
                    error = everStreamed ? ErrorKind.None : ErrorKind.Timeout;
                    break;
                }
                if (error is ErrorKind.Interrupted) break;
                if (streamedNow || endedByServer) m.Count(SseLayout.EarlyEnds);
                if (error == ErrorKind.None) error = ErrorKind.Reset; // a clean end before the last event is still a truncation
                if (!scenario.Spec.Reconnect || Finishing || reconnects >= MaxReconnects || error is ErrorKind.Exhausted) break;

                reconnects++;
                m.Count(SseLayout.Reconnects);
                resumeFrom = Clock.Now;
                gauge = Move(gauge, SseLayout.Connecting);
                ResetDeadline();
                if (!await Delay.WaitAsync(retry).ConfigureAwait(false)) break;
            }
        }
        finally
        {
            m.Leave(gauge);
            if (!everStreamed) m.Count(SseLayout.NeverStreamed);
            m.Count(SseLayout.BytesRead, bytesRead);
        }
        return new IterationOutcome(start, firstByte, Clock.Now, connectTicks, status, error, bytesRead, bytesWritten);
    }

    private int Move(int from, int to)
    {
        if (from != to) m.Move(from, to);
        return to;
    }
}
