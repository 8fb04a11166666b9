using System.Net.ServerSentEvents;
using Bench.Load.Vocabulary;
using System.Buffers;
using System.Net.Sockets;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Sse;

/// <summary>
/// One subscriber: connect, GET the stream, then read it on the event loop: wait for readiness
/// holding no buffer, read into the loop thread's borrowed buffer, de-chunk in place, and parse
/// events where they lie (<see cref="SseEventReader"/>), checking each event's sequence (gaps,
/// duplicates) and its lag behind the server's stamp. An idle subscriber is this object, its
/// transport and a suspended state machine.
/// A stream the server ends before its last event is <see cref="ErrorKind.EndedEarly"/> (with
/// the server's last event id); a reset stays a reset. With reconnect on, a premature end is
/// followed by a resume with Last-Event-ID after the server's retry hint, as EventSource does;
/// the time from the drop to the next event is "resume".
/// </summary>
internal sealed class SseSession(SseScenario scenario, StreamMetrics m, int index, TimeSpan timeout)
    : SessionBase(scenario.Target, index, timeout), ISseSink
{
    /// <summary>Bounded so a server that drops every stream cannot make a session loop for ever.</summary>
    private const int MaxReconnects = 100;

    private static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(1);

    private readonly bool _finite = scenario.Spec.Events > 0;
    private readonly SseEventReader _events = new();

    // What OnEvent updates, read by RunAsync between reads.
    private long _start, _resumeFrom, _expected = 1, _lastSeq;
    private bool _streamedNow, _everStreamed;
    private int _gauge = SseLayout.Connecting;

    /// <summary>A finite stream runs to its last event (the hold only bounds when subscribers start); an endless one ends with the hold.</summary>
    public override void Finish()
    {
        base.Finish();
        if (!_finite) Transport.Shutdown();
    }

    protected override async ValueTask<IterationOutcome> RunAsync()
    {
        _start = Clock.Now;
        long connectTicks = 0, firstByte = 0, bytesRead = 0, bytesWritten = 0;
        int status = 0, reconnects = 0;
        var error = ErrorKind.None;
        m.Enter(_gauge);
        try
        {
            while (true)
            {
                bool connecting = true, endedByServer = false;
                _streamedNow = false;
                error = ErrorKind.None;
                try
                {
                    long t0 = Clock.Now;
                    await ConnectAsync().ConfigureAwait(false);
                    connecting = false;
                    if (connectTicks == 0)
                    {
                        connectTicks = Math.Max(1, Clock.Now - t0);
                        m.Record(SseLayout.Connect, Clock.ToMicros(connectTicks));
                    }
                    Move(SseLayout.Waiting);
                    var request = _lastSeq > 0 ? SseScenario.Encode(scenario.Spec, _lastSeq) : scenario.Request;
                    await SendAllAsync(request).ConfigureAwait(false);
                    bytesWritten += request.Length;

                    var head = await ReadHeadAsync().ConfigureAwait(false);
                    if (firstByte == 0) firstByte = head.FirstByteTimestamp;
                    bytesRead += head.BytesRead;
                    status = Parser.StatusCode;
                    _events.Reset();
                    try
                    {
                        if (status != 200)
                        {
                            error = ErrorKind.HttpStatus;
                            break;
                        }
                        // Body bytes that came with the head.
                        endedByServer = Consume(head.Buffer.AsSpan(head.LeftoverOffset, head.LeftoverCount), carried: 0);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(head.Buffer);
                    }
                    while (!endedByServer)
                    {
                        await Transport.WaitReadableAsync().ConfigureAwait(false);
                        endedByServer = ReadOnce(ref bytesRead);
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
                {
                    SessionTarget.CountExhaustion(ex, m, SseLayout.ExhaustedFds, SseLayout.ExhaustedPorts);
                    error = Classify(ex, connecting);
                }
                Disarm();
                Transport.Close();
                _events.Reset();

                bool complete = _finite && _lastSeq >= scenario.Spec.Events;
                if (complete || (Finishing && error is not ErrorKind.Timeout))
                {
                    // The stream ran to its end, or we ended it because the hold is over.
                    error = _everStreamed ? ErrorKind.None : ErrorKind.Timeout;
                    break;
                }
                if (error is ErrorKind.Interrupted) break;
                if (_streamedNow || endedByServer) m.Count(SseLayout.EarlyEnds);
                // The server ended the stream before its last event: no connection was reset.
                if (endedByServer) error = ErrorKind.EndedEarly;
                if (error is ErrorKind.EndedEarly) m.NoteEndedEarly(_events.LastEventId > 0 ? _events.LastEventId : _lastSeq);
                if (!scenario.Spec.Reconnect || Finishing || reconnects >= MaxReconnects || error is ErrorKind.Exhausted) break;

                reconnects++;
                m.Count(SseLayout.Reconnects);
                _resumeFrom = Clock.Now;
                Move(SseLayout.Connecting);
                ResetDeadline();
                // The server's retry: hint (1 s from Bench's servers), within reason.
                var retry = _events.Retry is { } hint && hint > TimeSpan.Zero && hint <= TimeSpan.FromMinutes(1) ? hint : DefaultRetry;
                if (!await DelayAsync(retry).ConfigureAwait(false)) break;
            }
        }
        finally
        {
            Transport.Close();
            m.Leave(_gauge);
            if (!_everStreamed) m.Count(SseLayout.NeverStreamed);
            m.Count(SseLayout.BytesRead, bytesRead);
        }
        return new IterationOutcome(_start, firstByte, Clock.Now, connectTicks, status, error, bytesRead, bytesWritten);
    }

    /// <summary>One read into the borrowed buffer, after what the reader carried; true when the server ended the stream cleanly.</summary>
    private bool ReadOnce(ref long bytesRead)
    {
        var buffer = BorrowedBuffer.Get(_events.Carried);
        int carried = _events.Restore(buffer);
        int n = Transport.TryReceive(buffer.AsSpan(carried, BorrowedBuffer.ReadSize));
        if (n < 0)
        {
            // Readiness without bytes (another reader took them, or a spurious wake): keep what was carried.
            if (!_events.Feed(buffer.AsSpan(0, carried), this)) throw new InvalidDataException("an event is over the limit");
            return false;
        }
        if (n == 0)
        {
            // A close before the body's end is a truncation, not an end.
            if (Parser.Finish() == ParseStatus.Complete) return true;
            throw new StreamEndedException("the server closed the connection mid-stream");
        }
        bytesRead += n;
        return Consume(buffer.AsSpan(0, carried + n), carried);
    }

    /// <summary>De-chunks the new bytes (after <paramref name="carried"/> kept ones) in place and dispatches the events; true at the body's end.</summary>
    private bool Consume(Span<byte> bytes, int carried)
    {
        var state = Parser.DecodeBody(bytes[carried..], out _, out int data);
        if (state == ParseStatus.Error) throw new InvalidDataException(Parser.Error);
        if (!_events.Feed(bytes[..(carried + data)], this)) throw new InvalidDataException("an event is over the limit");
        return state == ParseStatus.Complete;
    }

    public void OnEvent(ReadOnlySpan<byte> data)
    {
        long now = Clock.Now;
        Arm(); // the next event must come within the timeout
        if (!_streamedNow)
        {
            _streamedNow = true;
            Move(SseLayout.Streaming);
            if (!_everStreamed) m.Record(SseLayout.FirstEvent, Clock.ToMicros(now - _start));
            else m.Record(SseLayout.Resume, Clock.ToMicros(now - _resumeFrom));
            _everStreamed = true;
        }
        var e = SseEvent.Parse(data);
        if (e.Seq < 0)
        {
            m.Count(SseLayout.Malformed);
            return;
        }
        m.Record(SseLayout.Lag, Clock.ToMicros(now) - e.ServerMicros);
        m.Count(SseLayout.Events);
        if (e.Seq > _expected) m.Count(SseLayout.Gaps, e.Seq - _expected);
        else if (e.Seq < _expected) m.Count(SseLayout.Duplicates);
        _expected = Math.Max(_expected, e.Seq + 1);
        _lastSeq = Math.Max(_lastSeq, e.Seq);
    }

    private void Move(int to)
    {
        if (_gauge != to) m.Move(_gauge, to);
        _gauge = to;
    }
}
