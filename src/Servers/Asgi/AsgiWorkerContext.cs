using System.Collections.Concurrent;

namespace Bench.Servers.Asgi;

/// <summary>What the connections of one event loop share: the loop, the lifespan state, and shutdown.</summary>
internal sealed class AsgiWorkerContext(EventLoop loop)
{
    private readonly ConcurrentDictionary<AsyncConnection, byte> _connections = new();

    public EventLoop Loop { get; } = loop;
    /// <summary>The lifespan <c>state</c> dict; every connection scope gets a shallow copy.</summary>
    public Dictionary<string, object?> State { get; } = new();
    public IWebSocketHandler? WebSockets { get; set; }
    public volatile bool ShuttingDown;

    public void Track(AsyncConnection connection) => _connections[connection] = 0;
    public void Untrack(AsyncConnection connection) => _connections.TryRemove(connection, out _);
    public ICollection<AsyncConnection> Connections => _connections.Keys;
}
