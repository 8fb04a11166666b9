using System.Runtime.CompilerServices;
using System.Text;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>
/// One HTTP request/response cycle of the ASGI twin: the <c>receive</c> and <c>send</c> callables with
/// the spec's message order and uvicorn's behaviour (docs/GATEWAYS.md §2.3): the head is written with the
/// first body message, a send after the client left is a silent no-op, and receive() returns
/// <c>http.disconnect</c> once the response is complete or the client is gone.
/// </summary>
internal sealed class AsgiHttpCycle
{
    private const int BodyChunk = 64 * 1024;   // uvicorn pauses reading above 64 KiB of unread body
    private static readonly byte[] ServerName = "bench-asgi"u8.ToArray();

    private enum Phase { Start, Body, Complete }

    private readonly AsyncConnection _connection;
    // What the response rules need of the request: the parsed head itself (its header strings) is not
    // kept while a response streams.
    private readonly bool _isHead;
    private readonly string _httpVersion;
    private readonly bool _requestKeepAlive;
    private readonly bool _expectContinue;
    private readonly BodyDecoder _body;
    private readonly LoopSignal<Dictionary<string, object?>> _disconnect = new();
    private bool _disconnectWaiting;
    private Action? _onWatch;
    private TaskCompletionSource? _otherWaiters;
    private Phase _phase;
    private bool _requestDelivered;
    private bool _continueSent;
    private int _status;
    private long? _contentLength;
    private long _bodySent;
    private bool _chunked;
    private bool _appWantsClose;
    private IReadOnlyList<(byte[] Name, byte[] Value)> _headers = [];

    public AsgiHttpCycle(AsyncConnection connection, RequestHead request, HttpLimits limits)
    {
        _connection = connection;
        _isHead = request.IsHead;
        _httpVersion = request.HttpVersion;
        _requestKeepAlive = request.KeepAlive;
        _expectContinue = request.ExpectContinue;
        _body = new BodyDecoder(request, limits);
        Receive = ReceiveAsync;
        Send = SendAsync;
    }

    public AsgiReceive Receive { get; }
    public AsgiSend Send { get; }
    public bool ResponseStarted => _phase != Phase.Start;
    public bool ResponseComplete => _phase == Phase.Complete;
    public bool BodyComplete => _body.IsComplete;
    public bool MayDrainBody => !_expectContinue || _continueSent;
    public bool KeepAlive => _requestKeepAlive && !_appWantsClose && !_connection.PeerGone
        && (_contentLength is null || _bodySent == _contentLength || !ResponseRules.SendsBody(_isHead, _status));

    private ValueTask<Dictionary<string, object?>> ReceiveAsync()
    {
        if (_phase == Phase.Complete || _connection.PeerGone) return new(AsgiMessages.Message("http.disconnect"));
        if (!_requestDelivered) return ReceiveBodyAsync();
        // A second receive() while one waits: it ends with the first.
        if (_disconnectWaiting) return WaitWithOtherAsync();
        _disconnectWaiting = true;
        _disconnect.Reset();
        var ended = _disconnect.Task;
        WatchForDisconnect();
        return ended;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Dictionary<string, object?>> ReceiveBodyAsync()
    {
        if (_expectContinue && !_continueSent)
        {
            // uvicorn sends 100 Continue when the app first asks for the body.
            _continueSent = true;
            await _connection.SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
        }
        var chunk = await _connection.ReadBodyAsync(_body, BodyChunk);
        _requestDelivered = _body.IsComplete;
        return new() { ["type"] = "http.request", ["body"] = chunk, ["more_body"] = !_body.IsComplete };
    }

    /// <summary>
    /// Nothing more to deliver: the wait ends when the client leaves or the response is complete. It is
    /// parked on the connection's read (one cached Action, no state machine), since an SSE stream waits
    /// like this for its whole life. Pipelined bytes of the next request stay buffered and the wait goes
    /// on; beyond 64 KiB of them only the response's end counts.
    /// </summary>
    private void WatchForDisconnect()
    {
        try
        {
            while (!_connection.PeerGone && _phase != Phase.Complete)
            {
                var watch = _connection.WatchAsync();
                if (!watch.IsCompleted)
                {
                    // Completed on the loop, by the read's own wake-up: the continuation runs right there.
                    watch.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWatch ??= OnWatchCompleted);
                    return;
                }
                if (watch.GetAwaiter().GetResult() <= 0) break;
                if (_connection.Input.Length > BodyChunk) return;   // the response's end ends the wait
            }
        }
        catch (Exception error)
        {
            EndDisconnectWait(error);
            return;
        }
        EndDisconnectWait(null);
    }

    private void OnWatchCompleted()
    {
        if (_disconnectWaiting) WatchForDisconnect();
    }

    private void EndDisconnectWait(Exception? error)
    {
        if (!_disconnectWaiting) return;
        _disconnectWaiting = false;
        var others = _otherWaiters;
        _otherWaiters = null;
        if (error is null) _disconnect.SetResult(AsgiMessages.Message("http.disconnect"));
        else _disconnect.SetException(error);
        others?.TrySetResult();
    }

    private async ValueTask<Dictionary<string, object?>> WaitWithOtherAsync()
    {
        await (_otherWaiters ??= new TaskCompletionSource()).Task;
        return AsgiMessages.Message("http.disconnect");
    }

    private ValueTask SendAsync(Dictionary<string, object?> message)
    {
        var type = AsgiMessages.TypeOf(message);
        switch (_phase)
        {
            case Phase.Start when type == "http.response.start":
                StartResponse(message);
                return ValueTask.CompletedTask;
            case Phase.Start:
                throw new AsgiProtocolError($"Expected ASGI message 'http.response.start', but got '{type}'.");
            case Phase.Body when type == "http.response.body":
                return WriteBodyAsync(AsgiMessages.Get<byte[]>(message, "body", []), AsgiMessages.Get(message, "more_body", false));
            case Phase.Body:
                throw new AsgiProtocolError($"Expected ASGI message 'http.response.body', but got '{type}'.");
            default:
                throw new AsgiProtocolError($"Unexpected ASGI message '{type}' sent, after response already completed.");
        }
    }

    private void StartResponse(Dictionary<string, object?> message)
    {
        _status = AsgiMessages.Get(message, "status", 0);
        if (_status is < 100 or > 999) throw new AsgiProtocolError($"invalid status {_status}");
        var headers = AsgiMessages.Get<IReadOnlyList<(byte[] Name, byte[] Value)>>(message, "headers", []);
        foreach (var (name, value) in headers)
        {
            if (name is null || value is null || !IsToken(name) || !IsFieldValue(value)) throw new AsgiProtocolError("Invalid HTTP header name or value.");
            if (Is(name, "content-length"u8))
            {
                _contentLength = long.TryParse(Encoding.ASCII.GetString(value), out long n) && n >= 0 ? n : throw new AsgiProtocolError("invalid content-length");
            }
            else if (Is(name, "connection"u8) && Encoding.ASCII.GetString(value).Contains("close", StringComparison.OrdinalIgnoreCase))
            {
                _appWantsClose = true;
            }
        }
        _headers = headers;
        _phase = Phase.Body;
    }

    private ValueTask WriteBodyAsync(byte[] body, bool moreBody)
    {
        // The output buffer is the loop's: what this message wrote must not survive an error into another connection's send.
        var w = _connection.Output;
        bool sendsBody = ResponseRules.SendsBody(_isHead, _status);
        try
        {
            if (!_headWritten) WriteHead(moreBody ? null : body.Length);
            if (_contentLength is { } limit && _bodySent + body.Length > limit) throw new AsgiProtocolError("Response content longer than Content-Length");
        }
        catch
        {
            w.ResetWrittenCount();
            throw;
        }
        if (sendsBody && body.Length > 0)
        {
            if (_chunked) ResponseHeadWriter.ChunkStart(w, body.Length);
            ResponseHeadWriter.Write(w, body);
            if (_chunked) ResponseHeadWriter.ChunkEnd(w);
        }
        _bodySent += body.Length;
        if (!moreBody)
        {
            if (_chunked) ResponseHeadWriter.Write(w, ResponseHeadWriter.LastChunk);
            _phase = Phase.Complete;
            EndDisconnectWait(null);
        }
        // send returns once the bytes are in the socket buffer: that is the backpressure (ASGI spec, uvicorn drain()).
        return _connection.FlushAsync();
    }

    private bool _headWritten;

    private void WriteHead(long? knownLength)
    {
        var w = _connection.Output;
        // A single body message tells the length, so it goes out with Content-Length instead of chunks.
        long? length = _contentLength ?? knownLength;
        if (_contentLength is null && knownLength is not null) _contentLength = knownLength;
        _chunked = ResponseRules.UseChunked(_httpVersion, _isHead, _status, length is not null);
        bool closeDelimited = length is null && !_chunked && ResponseRules.SendsBody(_isHead, _status);
        if (closeDelimited) _appWantsClose = true;

        ResponseHeadWriter.StatusLine(w, _status);
        ResponseHeadWriter.ServerFields(w, ServerName, lowercase: true);
        foreach (var (name, value) in _headers)
        {
            // The ASGI spec: the server must ignore an app's Transfer-Encoding; it owns framing.
            if (Is(name, "transfer-encoding"u8) || Is(name, "content-length"u8) || Is(name, "connection"u8)) continue;
            ResponseHeadWriter.Header(w, name, value);
        }
        if (length is { } n && !ResponseRules.StatusForbidsBody(_status)) ResponseHeadWriter.Header(w, "content-length"u8, n);
        if (_chunked) ResponseHeadWriter.Header(w, "transfer-encoding"u8, "chunked"u8);
        if (!(_requestKeepAlive && !_appWantsClose)) ResponseHeadWriter.Header(w, "connection"u8, "close"u8);
        else if (_httpVersion == "1.0") ResponseHeadWriter.Header(w, "connection"u8, "keep-alive"u8);
        ResponseHeadWriter.EndHead(w);
        _headWritten = true;
        _headers = [];   // written: a long stream need not keep the app's header arrays
    }

    /// <summary>Reads and drops the body the app left unread, so the next request on the connection can be parsed.</summary>
    public async ValueTask DrainBodyAsync()
    {
        while (!_body.IsComplete) await _connection.ReadBodyAsync(_body, BodyChunk);
    }

    /// <summary>After an app error: if the head is still unsent the caller answers 500; returns whether it is.</summary>
    public bool HeadUnsent => !_headWritten;

    private static bool Is(byte[] name, ReadOnlySpan<byte> lower) => System.Text.Ascii.EqualsIgnoreCase(name, lower);

    private static bool IsToken(byte[] name)
    {
        if (name.Length == 0) return false;
        foreach (var b in name) if (!HttpChars.IsToken(b)) return false;
        return true;
    }

    private static bool IsFieldValue(byte[] value)
    {
        foreach (var b in value) if (!HttpChars.IsFieldValue(b)) return false;
        return true;
    }
}
