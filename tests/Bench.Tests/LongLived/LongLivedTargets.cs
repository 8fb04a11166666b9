using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Hosting;
using Bench.Servers.Kestrel;
using Bench.Servers.Wsgi;

namespace Bench.Tests.LongLived;

/// <summary>Starts the targets in-process on a free loopback port for the long-lived-connection tests.</summary>
internal static class LongLivedTargets
{
    public static async Task<IBenchServer> StartAsync(string kind, int threads = 32, bool hijack = false, AsgiOptions? asgi = null)
    {
        IBenchServer server = kind switch
        {
            "asgi" => new AsgiServer(asgi ?? new AsgiOptions(), rt => new AsgiDemoApp(rt).Invoke),
            "wsgi" => new WsgiServer(new WsgiOptions { Threads = threads, WebSockets = hijack ? WsgiWebSocketMode.Hijack : WsgiWebSocketMode.Refuse },
                runtime => new WsgiDemoApp(runtime).Invoke),
            "kestrel" => new KestrelServer(new KestrelOptions()),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await server.StartAsync();
        return server;
    }

    public static Uri Http(IBenchServer server, string path) => new($"http://127.0.0.1:{server.Port}{path}");

    public static Uri Ws(IBenchServer server, string path) => new($"ws://127.0.0.1:{server.Port}{path}");

    public static async Task WaitUntilAsync(Func<bool> done, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!done() && Environment.TickCount64 < deadline) await Task.Delay(10);
    }

    /// <summary>Polls /stats until <paramref name="done"/> holds or the time is up; returns the last snapshot.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForStatsAsync(IBenchServer server, Func<System.Text.Json.JsonElement, bool> done, int timeoutMs = 5000)
    {
        using var client = new HttpClient();
        var deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(Http(server, "/stats"))).RootElement;
            if (done(json) || Environment.TickCount64 > deadline) return json;
            await Task.Delay(50);
        }
    }
}
