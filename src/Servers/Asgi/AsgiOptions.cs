using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>Every knob of the ASGI twin with uvicorn's default (docs/GATEWAYS.md §2 and §3).</summary>
public sealed record AsgiOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    /// <summary>Event loops; each is one thread that runs every callback and all app code of its connections.</summary>
    public int Workers { get; init; } = 1;
    /// <summary>Requests or connections beyond this get 503 (uvicorn --limit-concurrency); null = unlimited.</summary>
    public int? LimitConcurrency { get; init; }
    /// <summary>Idle time between requests on a kept-alive connection (uvicorn timeout_keep_alive, 5 s).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(5);
    public int Backlog { get; init; } = 2048;
    /// <summary>
    /// SO_REUSEPORT even with one worker, so other bench-server processes can listen on the same port
    /// (several workers always use it between their own loops).
    /// </summary>
    public bool ReusePort { get; init; }
    public HttpLimits Limits { get; init; } = new();
    public bool Gil { get; init; }
    /// <summary>Server pings on WebSockets (uvicorn ws_ping_interval, 20 s), jittered per connection.</summary>
    public TimeSpan WebSocketPingInterval { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Largest WebSocket message; larger closes with 1009 (uvicorn ws_max_size, 16 MiB).</summary>
    public int WebSocketMaxMessage { get; init; } = 16 * 1024 * 1024;
    /// <summary>Tokens of the thread pool that /offload uses (Starlette's run_in_threadpool: 40).</summary>
    public int OffloadThreads { get; init; } = 40;
    public TimeSpan GracefulTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
