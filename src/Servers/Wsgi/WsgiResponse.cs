using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Servers.Wsgi;

/// <summary>
/// One response of the WSGI twin: <c>start_response</c> stores the head, and the head goes out with
/// the first non-empty chunk (PEP 3333, not gunicorn, which sends it on the first chunk even when empty).
/// Framing: the app's Content-Length, else a derived one for a one-chunk body, else chunked (HTTP/1.1)
/// or close-delimited (HTTP/1.0).
/// </summary>
internal sealed class WsgiResponse
{
    private static readonly byte[] ServerName = "bench-wsgi"u8.ToArray();

    private readonly BlockingConnection _connection;
    private readonly RequestHead _request;
    private readonly Gil _gil;
    private readonly ArrayBufferWriter<byte> _out;
    private readonly bool _keepAliveAllowed;
    private int _status;
    private string? _statusLine;
    private IReadOnlyList<(string Name, string Value)>? _headers;
    private long? _declaredLength;
    private long? _knownLength;
    private bool _chunked;
    private long _bodySent;

    public WsgiResponse(BlockingConnection connection, RequestHead request, Gil gil, ArrayBufferWriter<byte> output, bool keepAliveAllowed)
    {
        _connection = connection;
        _request = request;
        _gil = gil;
        _out = output;
        _keepAliveAllowed = keepAliveAllowed;
        StartResponse = Start;
    }

    public StartResponse StartResponse { get; }
    public bool Started => _statusLine is not null;
    public bool HeadersSent { get; private set; }
    public bool KeepAlive { get; private set; }
    public int Status => _status;

    /// <summary>A one-element body of known size gets a Content-Length (PEP 3333 §"Handling the Content-Length Header").</summary>
    public void HintLength(long length) => _knownLength ??= length;

    private WsgiWrite Start(string status, IReadOnlyList<(string Name, string Value)> headers, Exception? excInfo)
    {
        if (excInfo is not null)
        {
            // After the head is on the wire the error can only propagate (PEP 3333: re-raise exc_info).
            if (HeadersSent) ExceptionDispatchInfo.Throw(excInfo);
        }
        else if (Started)
        {
            throw new WsgiProtocolError("start_response called a second time without exc_info");
        }
        _status = ParseStatus(status);
        long? declared = null;
        foreach (var (name, value) in headers)
        {
            if (!HttpChars.IsToken(name)) throw new WsgiProtocolError($"invalid header name '{name}'");
            if (!HttpChars.IsFieldValue(value)) throw new WsgiProtocolError($"invalid value for header '{name}'");
            // PEP 3333: hop-by-hop headers from the app are a fatal error (gunicorn drops them instead).
            if (ResponseRules.IsHopByHop(name)) throw new WsgiProtocolError($"hop-by-hop header '{name}' is not allowed in a WSGI response");
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                declared = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
                    ? n : throw new WsgiProtocolError("invalid Content-Length");
            }
        }
        _statusLine = status;
        _headers = headers;
        _declaredLength = declared;
        return Write;
    }

    private void Write(byte[] data)
    {
        if (!Started) throw new WsgiProtocolError("write() called before start_response()");
        _knownLength = null;
        SendChunk(data);
    }

    /// <summary>Sends one body block unbuffered before the app is asked for the next (PEP 3333 §"Buffering and Streaming").</summary>
    public void SendChunk(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (!Started) throw new WsgiProtocolError("the application yielded data before calling start_response()");
        if (HeadersSent && _connection.PeerClosed()) throw new ClientDisconnected("client went away during a streamed response");
        _out.ResetWrittenCount();
        if (!HeadersSent) WriteHead(_out);
        if (ResponseRules.SendsBody(_request, _status))
        {
            if (_declaredLength is { } limit)
            {
                // Never send more than the app declared (gunicorn truncates the same way).
                data = data[..(int)Math.Min(data.Length, Math.Max(0, limit - _bodySent))];
            }
            if (_chunked) ResponseHeadWriter.ChunkStart(_out, data.Length);
            ResponseHeadWriter.Write(_out, data);
            if (_chunked) ResponseHeadWriter.ChunkEnd(_out);
            _bodySent += data.Length;
        }
        Flush();
    }

    /// <summary>Ends the response: the head if nothing was sent yet, the last chunk, and whether the connection may stay open.</summary>
    public void Finish()
    {
        _out.ResetWrittenCount();
        if (!HeadersSent)
        {
            _knownLength ??= 0;
            WriteHead(_out);
        }
        if (_chunked) ResponseHeadWriter.Write(_out, ResponseHeadWriter.LastChunk);
        if (_out.WrittenCount > 0) Flush();
        // Too few bytes for the declared length: the client cannot find the end, so close (PEP 3333).
        if (_declaredLength is { } declared && _bodySent < declared && ResponseRules.SendsBody(_request, _status)) KeepAlive = false;
    }

    private void WriteHead(ArrayBufferWriter<byte> w)
    {
        long? length = _declaredLength ?? _knownLength;
        _chunked = ResponseRules.UseChunked(_request, _status, length is not null);
        bool closeDelimited = length is null && !_chunked && ResponseRules.SendsBody(_request, _status);
        KeepAlive = _keepAliveAllowed && _request.KeepAlive && !closeDelimited;

        ResponseHeadWriter.StatusLine(w, _status, _statusLine![4..]);
        ResponseHeadWriter.ServerFields(w, ServerName, lowercase: false);
        foreach (var (name, value) in _headers!)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            ResponseHeadWriter.Header(w, name, value);
        }
        if (length is { } n && !ResponseRules.StatusForbidsBody(_status)) ResponseHeadWriter.Header(w, "Content-Length"u8, n);
        if (_chunked) ResponseHeadWriter.Header(w, "Transfer-Encoding"u8, "chunked"u8);
        if (!KeepAlive) ResponseHeadWriter.Header(w, "Connection"u8, "close"u8);
        else if (_request.HttpVersion == "1.0") ResponseHeadWriter.Header(w, "Connection"u8, "keep-alive"u8);
        ResponseHeadWriter.EndHead(w);
        HeadersSent = true;
    }

    private void Flush()
    {
        // Socket I/O releases the GIL in CPython; it does here too.
        _gil.Release();
        try { _connection.Send(_out.WrittenSpan); }
        finally { _gil.Acquire(); }
    }

    private static int ParseStatus(string status)
    {
        if (status.Length < 5 || status[3] != ' ' || !int.TryParse(status.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code < 100
            || status.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new WsgiProtocolError($"invalid status line '{status}': expected \"NNN Reason\"");
        }
        return code;
    }
}
