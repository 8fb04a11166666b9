using Bench.Servers.Hosting;

namespace Bench.Servers.Asgi;

/// <summary>What the connections of one event loop share: the loop, the lifespan state, and shutdown.</summary>
internal sealed class AsgiWorkerContext(EventLoop loop, ServerStats stats)
{
    // Touched only on the loop thread (connections are tracked by their handlers, shutdown reads them there).
    private readonly HashSet<AsyncConnection> _connections = [];
    private readonly HashSet<AsgiWebSocketSession> _webSockets = [];

    public EventLoop Loop { get; } = loop;
    /// <summary>The lifespan <c>state</c> dict; every connection scope gets a shallow copy.</summary>
    public Dictionary<string, object?> State { get; } = new();
    public IWebSocketHandler? WebSockets { get; set; }
    public volatile bool ShuttingDown;

    /// <summary>A new connection: counted and tracked until <see cref="Close"/>.</summary>
    public void Open(AsyncConnection connection)
    {
        stats.ConnectionOpened();
        _connections.Add(connection);
    }

    /// <summary>The end of a connection, whichever handler served it last.</summary>
    public void Close(AsyncConnection connection)
    {
        _connections.Remove(connection);
        connection.Dispose();
        stats.ConnectionClosed();
    }

    public IReadOnlyCollection<AsyncConnection> Connections => _connections;
    public void TrackWebSocket(AsgiWebSocketSession session) => _webSockets.Add(session);
    public void UntrackWebSocket(AsgiWebSocketSession session) => _webSockets.Remove(session);
    public IReadOnlyCollection<AsgiWebSocketSession> WebSocketSessions => _webSockets;
    /// <summary>Cancelled when shutdown begins, so long streams (SSE) can end cleanly.</summary>
    public CancellationToken Stopping { get; init; }
}
