using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using Bench.Load.Vocabulary;

namespace Bench.Load.Code;

/// <summary>A whole WebSocket message; <see cref="Data"/> is valid until the next receive on the same client.</summary>
public readonly record struct WebSocketMessage(WebSocketMessageType Type, ReadOnlyMemory<byte> Data)
{
    public string Text => Encoding.UTF8.GetString(Data.Span);
}

/// <summary>
/// A WebSocket opened by a code scenario: .NET's <see cref="ClientWebSocket"/> on the scenario's
/// shared handler. One send and one receive may be pending at a time, as WebSocket allows. Every
/// failure throws <see cref="RequestFailedException"/> with the engine's error kind (a refused
/// upgrade is http-status with its status). Bytes are counted as message payloads.
/// </summary>
public sealed class WebSocketClient : IAsyncDisposable
{
    /// <summary>A message longer than this fails as a protocol error instead of growing the buffer further.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly ClientWebSocket _ws;
    private readonly ScenarioContext _context;
    private readonly TimeSpan _timeout;
    private readonly string _what;
    private byte[] _buffer = new byte[4096];

    private WebSocketClient(ClientWebSocket ws, ScenarioContext context, TimeSpan timeout, string what)
    {
        _ws = ws;
        _context = context;
        _timeout = timeout;
        _what = what;
    }

    /// <summary>The underlying WebSocket, for what this client does not wrap (subprotocols, fragments).</summary>
    public WebSocket Socket => _ws;

    /// <summary>The close code the server sent, or null while open.</summary>
    public WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;

    internal static async ValueTask<WebSocketClient> OpenAsync(Uri url, HttpMessageInvoker handler, TimeSpan timeout, ScenarioContext context)
    {
        string what = $"WebSocket {url.PathAndQuery}";
        var ws = new ClientWebSocket();
        ws.Options.KeepAliveInterval = TimeSpan.Zero;
        ws.Options.CollectHttpResponseDetails = true;
        try
        {
            await StreamGuard.RunAsync(what, timeout, context, async token =>
            {
                try
                {
                    await ws.ConnectAsync(url, handler, token).ConfigureAwait(false);
                }
                catch (WebSocketException) when (ws.HttpStatusCode is var status && (int)status is > 0 and not 101)
                {
                    throw new RequestFailedException(what, ErrorKind.HttpStatus, (int)status);
                }
            }).ConfigureAwait(false);
            context.Tally.CountStatus((int)ws.HttpStatusCode);
            return new WebSocketClient(ws, context, timeout, what);
        }
        catch (RequestFailedException ex)
        {
            context.Tally.CountStatus(ex.Status);
            ws.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        StreamGuard.RunAsync(_what, _timeout, _context, async token =>
        {
            await _ws.SendAsync(data, type, endOfMessage: true, token).ConfigureAwait(false);
            _context.Tally.AddBytes(0, data.Length);
        });

    public ValueTask SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>
    /// The next whole message. A close frame from the server comes back as a message of type
    /// <see cref="WebSocketMessageType.Close"/> (see <see cref="CloseStatus"/>); a connection that
    /// ends without one throws <see cref="RequestFailedException"/> (reset).
    /// </summary>
    public ValueTask<WebSocketMessage> ReceiveAsync() => StreamGuard.RunAsync(_what, _timeout, _context, async token =>
    {
        int filled = 0;
        while (true)
        {
            var r = await _ws.ReceiveAsync(_buffer.AsMemory(filled), token).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return new WebSocketMessage(WebSocketMessageType.Close, ReadOnlyMemory<byte>.Empty);
            filled += r.Count;
            if (r.EndOfMessage)
            {
                _context.Tally.AddBytes(filled, 0);
                return new WebSocketMessage(r.MessageType, _buffer.AsMemory(0, filled));
            }
            if (filled == _buffer.Length)
            {
                if (_buffer.Length >= MaxMessageBytes) throw new InvalidDataException($"message longer than {MaxMessageBytes:N0} bytes");
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
    });

    /// <summary>Closes with 1000 and waits (under the timeout) for the server's close frame.</summary>
    public ValueTask CloseAsync() => StreamGuard.RunAsync(_what, _timeout, _context, async token =>
    {
        if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, token).ConfigureAwait(false);
    });

    public ValueTask DisposeAsync()
    {
        _context.Untrack(this);
        _ws.Dispose();
        return ValueTask.CompletedTask;
    }
}
