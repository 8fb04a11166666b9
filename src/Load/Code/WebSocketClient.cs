using System.Net;
using System.Net.WebSockets;
using System.Text;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Scenarios.Net;

namespace Bench.Load.Code;

/// <summary>A whole WebSocket message; <see cref="Data"/> is valid until the next receive on the same client.</summary>
public readonly record struct WebSocketMessage(WebSocketMessageType Type, ReadOnlyMemory<byte> Data)
{
    public string Text => Encoding.UTF8.GetString(Data.Span);
}

/// <summary>
/// A WebSocket opened by a code scenario (RFC 6455 handshake on Bench's own socket, .NET's
/// framing). One send and one receive may be pending at a time, as WebSocket allows. Every
/// failure throws <see cref="RequestFailedException"/> with the engine's error kind. Bytes are
/// counted as message payloads (framing not included).
/// </summary>
public sealed class WebSocketClient : IAsyncDisposable
{
    /// <summary>A message longer than this fails as a protocol error instead of growing the buffer further.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly GuardedSocket _socket;
    private readonly WebSocket _ws;
    private readonly ScenarioContext _context;
    private byte[] _buffer = new byte[4096];

    private WebSocketClient(GuardedSocket socket, WebSocket ws, ScenarioContext context)
    {
        _socket = socket;
        _ws = ws;
        _context = context;
    }

    /// <summary>The underlying WebSocket, for what this client does not wrap (subprotocols, fragments).</summary>
    public WebSocket Socket => _ws;

    /// <summary>The close code the server sent, or null while open (1006 is never sent: see <see cref="ReceiveAsync"/>).</summary>
    public WebSocketCloseStatus? CloseStatus => _ws.CloseStatus;

    internal static async ValueTask<WebSocketClient> OpenAsync(IPEndPoint endpoint, string hostHeader, string path, TimeSpan timeout, ScenarioContext context)
    {
        string what = $"WebSocket {path}";
        var socket = await GuardedSocket.ConnectAsync(endpoint, timeout, context, what).ConfigureAwait(false);
        try
        {
            var (ws, status, _) = await socket.RunAsync(s => WebSocketConnector.HandshakeAsync(s, path, hostHeader)).ConfigureAwait(false);
            context.Tally.CountStatus(status);
            if (ws is null) throw new RequestFailedException(what, ErrorKind.HttpStatus, status);
            return new WebSocketClient(socket, ws, context);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        _socket.RunAsync(async _ =>
        {
            await _ws.SendAsync(data, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            _context.Tally.AddBytes(0, data.Length);
        });

    public ValueTask SendTextAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    /// <summary>
    /// The next whole message. A close frame from the server comes back as a message of type
    /// <see cref="WebSocketMessageType.Close"/> (see <see cref="CloseStatus"/>); a connection that
    /// ends without one throws <see cref="RequestFailedException"/> (reset).
    /// </summary>
    public ValueTask<WebSocketMessage> ReceiveAsync() => _socket.RunAsync(async _ =>
    {
        int filled = 0;
        while (true)
        {
            var r = await _ws.ReceiveAsync(_buffer.AsMemory(filled), CancellationToken.None).ConfigureAwait(false);
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
    public ValueTask CloseAsync() => _socket.RunAsync(async _ =>
    {
        if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
    });

    public ValueTask DisposeAsync()
    {
        _context.Untrack(this);
        _ws.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
