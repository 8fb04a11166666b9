using Bench.Servers.Http;

namespace Bench.Servers.Wsgi;

public enum WsgiMode { Gthread, Sync }

public enum WsgiWebSocketMode { Refuse, Hijack }

/// <summary>Every knob of the WSGI twin with gunicorn's default (docs/GATEWAYS.md §1.7 and §3).</summary>
public sealed record WsgiOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    /// <summary>Threads per worker (gunicorn --threads; its default is 1, ours 32 to make the pool visible).</summary>
    public int Threads { get; init; } = 32;
    public int Workers { get; init; } = 1;
    public WsgiMode Mode { get; init; } = WsgiMode.Gthread;
    /// <summary>Idle time a kept-alive connection waits for its next request (gunicorn keepalive, 2 s).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Listen backlog (gunicorn 2048).</summary>
    public int Backlog { get; init; } = 2048;
    /// <summary>Open connections per worker before accepting pauses (gunicorn worker_connections, 1000).</summary>
    public int WorkerConnections { get; init; } = 1000;
    public HttpLimits Limits { get; init; } = new();
    public bool Gil { get; init; }
    public WsgiWebSocketMode WebSockets { get; init; } = WsgiWebSocketMode.Refuse;
    /// <summary>Largest WebSocket message in hijack mode; larger closes with 1009.</summary>
    public int WebSocketMaxMessage { get; init; } = 16 * 1024 * 1024;
    /// <summary>Time in-flight requests get to finish on shutdown (gunicorn graceful_timeout, 30 s).</summary>
    public TimeSpan GracefulTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
