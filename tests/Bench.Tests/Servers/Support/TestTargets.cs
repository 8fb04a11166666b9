using System.Net;
using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Hosting;
using Bench.Servers.Http;
using Bench.Servers.Kestrel;
using Bench.Servers.Wsgi;

namespace Bench.Tests.Servers.Support;

/// <summary>How a test wants its target started; each field maps onto the target's own options record.</summary>
internal sealed record TargetSettings
{
    public int Threads { get; init; } = 8;
    public int Workers { get; init; } = 1;
    public bool Gil { get; init; }
    public HttpLimits Limits { get; init; } = new();
}

/// <summary>Starts the three targets in-process on a free loopback port, the way the CLI builds them.</summary>
internal static class TestTargets
{
    public const string Wsgi = "wsgi";
    public const string Asgi = "asgi";
    public const string Kestrel = "kestrel";

    public static readonly string[] Names = [Wsgi, Asgi, Kestrel];
    public static readonly string[] Twins = [Wsgi, Asgi];

    public static Task<TestTarget> StartAsync(string name, TargetSettings? settings = null)
    {
        settings ??= new TargetSettings();
        IBenchServer server = name switch
        {
            Wsgi => new WsgiServer(
                new WsgiOptions { Port = 0, Threads = settings.Threads, Workers = settings.Workers, Gil = settings.Gil, Limits = settings.Limits },
                (gil, stats) => new WsgiDemoApp(gil, stats).Invoke),
            Asgi => new AsgiServer(
                new AsgiOptions { Port = 0, Workers = settings.Workers, Gil = settings.Gil, Limits = settings.Limits },
                runtime => new AsgiDemoApp(runtime).Invoke),
            Kestrel => new KestrelServer(
                new KestrelOptions { Port = 0, HeaderTimeout = settings.Limits.HeaderTimeout, MaxBodyBytes = settings.Limits.MaxBodyBytes }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "expected wsgi, asgi or kestrel"),
        };
        return StartAsync(name, server);
    }

    /// <summary>Starts a server built by the test itself (a probe app, unusual options).</summary>
    public static async Task<TestTarget> StartAsync(string name, IBenchServer server)
    {
        await server.StartAsync();
        return new TestTarget(name, server);
    }
}

/// <summary>A running target and the HTTP clients a test opened on it; disposing stops both.</summary>
internal sealed class TestTarget(string name, IBenchServer server) : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private HttpClient? _client;

    public string Name { get; } = name;
    public IBenchServer Server { get; } = server;
    public int Port => Server.Port;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>A shared client for simple requests.</summary>
    public HttpClient Client => _client ??= CreateClient();

    /// <summary>
    /// A client with its own connection pool. Idle connections are dropped before the twins' keep-alive
    /// (WSGI 2 s) so that a request never lands on a socket the server is just closing.
    /// </summary>
    public HttpClient CreateClient(int maxConnections = 512, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(20) };
        lock (_clients) _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients) _clients.ForEach(c => c.Dispose());
        await Server.StopAsync(TimeSpan.FromMilliseconds(500));
        await Server.DisposeAsync();
    }
}
