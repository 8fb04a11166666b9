using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>
/// The ASGI WebSocket protocol for one connection (docs/GATEWAYS.md §2.4): <c>websocket.connect</c> first, the
/// handshake finished only when the app accepts, 403 for a close before accept, and
/// <c>websocket.disconnect</c> with 1005 (no code), 1006 (lost), 1009 (too big) or 1012 (shutdown).
/// Framing is <see cref="LoopWebSocket"/>, on the loop; pings every 20 s, jittered per connection.
/// </summary>
internal sealed class AsgiWebSocketSession
{
    private const int Abnormal = 1006;
    /// <summary>How long a ping may go unanswered (uvicorn ws_ping_timeout, 20 s).</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(20);
    private const int ServiceRestart = 1012;
    private static readonly byte[] ServerName = "bench-asgi"u8.ToArray();

    private readonly AsyncConnection _connection;
    private readonly string _key;
    private readonly AsgiOptions _options;
    private readonly ServerStats _stats;
    private readonly TaskCompletionSource _handshakeDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopWebSocket? _socket;
    private bool _connectDelivered;
    private int? _closeCode;
    private string _closeReason = "";
    private readonly LoopSignal<Dictionary<string, object?>> _event = new();
    private ValueTask<WebSocketMessage> _next;
    private Action? _onMessage;

    public AsgiWebSocketSession(AsyncConnection connection, string key, AsgiOptions options, ServerStats stats)
    {
        _connection = connection;
        _key = key;
        _options = options;
        _stats = stats;
        Receive = ReceiveAsync;
        Send = SendAsync;
    }

    public AsgiReceive Receive { get; }
    public AsgiSend Send { get; }
    public bool Accepted => _socket is not null;
    public bool HandshakeFinished => _handshakeDone.Task.IsCompleted;

    /// <summary>
    /// receive(). Between messages of an accepted socket the app's wait is parked on the socket's next
    /// message, with no state machine of its own (see <see cref="LoopWebSocket.ReceiveAsync"/>).
    /// </summary>
    private ValueTask<Dictionary<string, object?>> ReceiveAsync()
    {
        if (_socket is not { } socket || _closeCode is not null || !_connectDelivered) return ReceiveFirstAsync();
        var next = socket.ReceiveAsync();
        if (next.IsCompleted) return ToEventAsync(next);
        _next = next;
        _event.Reset();
        next.GetAwaiter().UnsafeOnCompleted(_onMessage ??= OnMessage);
        return _event.Task;
    }

    /// <summary>The parked message arrived (on the loop): turn it into the app's event and resume the app.</summary>
    private void OnMessage()
    {
        var done = ToEventAsync(_next);
        _next = default;
        if (done.IsCompleted) Deliver(done);
        else done.GetAwaiter().UnsafeOnCompleted(() => Deliver(done));   // only while our close frame drains
    }

    private void Deliver(ValueTask<Dictionary<string, object?>> done)
    {
        Dictionary<string, object?> message;
        try { message = done.GetAwaiter().GetResult(); }
        catch (Exception error)
        {
            _event.SetException(error);
            return;
        }
        _event.SetResult(message);
    }

    /// <summary>websocket.connect, then the wait for the app's accept, then the first message (or the disconnect).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Dictionary<string, object?>> ReceiveFirstAsync()
    {
        if (!_connectDelivered)
        {
            _connectDelivered = true;
            return AsgiMessages.Message("websocket.connect");
        }
        await _handshakeDone.Task;
        if (_socket is null || _closeCode is not null) return Disconnect(_closeCode ?? Abnormal);
        return await ToEventAsync(_socket.ReceiveAsync());
    }

    /// <summary>The app's event for a received message: websocket.receive, or websocket.disconnect after answering a close.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Dictionary<string, object?>> ToEventAsync(ValueTask<WebSocketMessage> received)
    {
        try
        {
            var message = await received;
            if (message.IsClose)
            {
                if (_closeCode is null)
                {
                    _closeCode = message.CloseCode;
                    _closeReason = message.CloseReason;
                    // Answer the peer's close, or close with 1009 when its message was too big.
                    await CloseAsync(message.CloseCode == WebSocketMessageReader.NoStatusReceived ? 1000 : message.CloseCode, message.CloseReason);
                }
                return Disconnect(_closeCode.Value);
            }
            return message.Type == WebSocketMessageType.Text
                ? new() { ["type"] = "websocket.receive", ["text"] = Encoding.UTF8.GetString(message.Data), ["bytes"] = null }
                : new() { ["type"] = "websocket.receive", ["bytes"] = message.Data, ["text"] = null };
        }
        catch (RequestRejected)
        {
            // A frame too large for the connection's input buffer cannot happen (payloads stream through it); kept as a lost connection.
            _closeCode ??= Abnormal;
            return Disconnect(_closeCode.Value);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(Dictionary<string, object?> message)
    {
        var type = AsgiMessages.TypeOf(message);
        if (!HandshakeFinished)
        {
            switch (type)
            {
                case "websocket.accept": await AcceptAsync(message); return;
                case "websocket.close":
                    // ASGI: a close before accept is an HTTP 403, and the handshake never completes.
                    _closeCode = AsgiMessages.Get(message, "code", 1000);
                    await _connection.SendAsync(ErrorResponse.Build(403, "WebSocket connection rejected by the application", ServerName, lowercase: true));
                    _handshakeDone.TrySetResult();
                    return;
                default: throw new AsgiProtocolError($"Expected ASGI message 'websocket.accept' or 'websocket.close', but got '{type}'.");
            }
        }
        if (_socket is null || _closeCode is not null) throw new AsgiClientDisconnected("the WebSocket is closed");
        switch (type)
        {
            case "websocket.send":
            {
                var bytes = AsgiMessages.Get<byte[]?>(message, "bytes", null);
                var text = AsgiMessages.Get<string?>(message, "text", null);
                if ((bytes is null) == (text is null)) throw new AsgiProtocolError("websocket.send needs exactly one of 'bytes' and 'text'");
                if (_connection.PeerGone && _closeCode is null) _closeCode = Abnormal;
                if (_closeCode is not null) throw new AsgiClientDisconnected("the WebSocket connection was lost");
                await (bytes is null ? _socket.SendTextAsync(Encoding.UTF8.GetBytes(text!)) : _socket.SendBinaryAsync(bytes));
                return;
            }
            case "websocket.close":
                _closeCode = AsgiMessages.Get(message, "code", 1000);
                _closeReason = AsgiMessages.Get(message, "reason", "") ?? "";
                await CloseAsync(_closeCode.Value, _closeReason);
                return;
            default:
                throw new AsgiProtocolError($"Unexpected ASGI message '{type}' on an open WebSocket.");
        }
    }

    private async ValueTask AcceptAsync(Dictionary<string, object?> message)
    {
        var subprotocol = AsgiMessages.Get<string?>(message, "subprotocol", null);
        var headers = AsgiMessages.Get<IReadOnlyList<(byte[] Name, byte[] Value)>>(message, "headers", []);
        await _connection.SendAsync(WebSocketHandshake.SwitchingProtocols(_key, subprotocol, headers, lowercase: true));
        // Frames the client sent right behind its handshake stay in the connection's input, read first.
        _connection.ReleaseHttpBuffers();
        var ping = _options.WebSocketPingInterval * (0.75 + Random.Shared.NextDouble() * 0.5);
        _socket = new LoopWebSocket(_connection, _options.WebSocketMaxMessage, ping, PingTimeout);
        _stats.WebSocketOpened();
        _handshakeDone.TrySetResult();
    }

    /// <summary>Closes from the server's side with 1012 (uvicorn on shutdown); the app then sees websocket.disconnect 1012.</summary>
    public async Task ShutdownAsync()
    {
        if (_socket is null || _closeCode is not null) return;
        _closeCode = ServiceRestart;
        await CloseAsync(ServiceRestart, "server shutting down");
    }

    /// <summary>After the app returned: an unfinished handshake gets its HTTP answer, an open socket a close.</summary>
    public async Task FinishAsync(bool appFailed)
    {
        if (!HandshakeFinished)
        {
            // uvicorn: 500 when the app raised before the handshake, 403 when it just returned.
            await _connection.SendAsync(ErrorResponse.Build(appFailed ? 500 : 403, appFailed ? "Internal Server Error" : "WebSocket connection rejected", ServerName, lowercase: true));
            _handshakeDone.TrySetResult();
            return;
        }
        if (_socket is null) return;
        if (_closeCode is null)
        {
            _closeCode = appFailed ? 1011 : 1000;
            await CloseAsync(_closeCode.Value, "");
        }
        _socket.StopPings();
        _stats.WebSocketClosed();
    }

    /// <summary>Our close frame, once; frames are written whole, so it never lands inside another frame.</summary>
    private ValueTask CloseAsync(int code, string reason) => _socket?.CloseAsync(code, reason) ?? ValueTask.CompletedTask;

    private Dictionary<string, object?> Disconnect(int code) =>
        new() { ["type"] = "websocket.disconnect", ["code"] = code, ["reason"] = _closeReason };
}
