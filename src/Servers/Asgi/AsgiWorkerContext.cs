using System.Collections.Concurrent;

namespace Bench.Servers.Asgi;

/// <summary>What the connections of one event loop share: the loop, the lifespan state, and shutdown.</summary>
internal sealed class AsgiWorkerContext(EventLoop loop)
{
    private readonly ConcurrentDictionary<AsyncConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<AsgiWebSocketSession, byte> _webSockets = new();

    public EventLoop Loop { get; } = loop;
    /// <summary>The lifespan <c>state</c> dict; every connection scope gets a shallow copy.</summary>
    public Dictionary<string, object?> State { get; } = new();
    public IWebSocketHandler? WebSockets { get; set; }
    public volatile bool ShuttingDown;

    public void Track(AsyncConnection connection) => _connections[connection] = 0;
    public void Untrack(AsyncConnection connection) => _connections.TryRemove(connection, out _);
    public ICollection<AsyncConnection> Connections => _connections.Keys;
    public void TrackWebSocket(AsgiWebSocketSession session) => _webSockets[session] = 0;
    public void UntrackWebSocket(AsgiWebSocketSession session) => _webSockets.TryRemove(session, out _);
    public ICollection<AsgiWebSocketSession> WebSocketSessions => _webSockets.Keys;
    /// <summary>Cancelled when shutdown begins, so long streams (SSE) can end cleanly.</summary>
    public CancellationToken Stopping { get; init; }
}
