using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Hosting;
using Bench.Servers.Http;
using Bench.Servers.Wsgi;

namespace Bench.Micro.Instructions;

/// <summary>
/// Each twin's request path as <see cref="Operation"/>s, served in this process over loopback:
/// /hello, /json, /users with no wait, one SSE event (a stream of <c>count</c> events with no
/// interval) and one WebSocket echo. One connection per operation, opened before counting.
/// </summary>
public sealed class RequestPaths : IAsyncDisposable
{
    private readonly List<IBenchServer> _servers = [];
    private readonly List<LoopbackClient> _clients = [];

    public static readonly string[] Twins = ["wsgi", "asgi"];

    // Under callgrind everything runs ~50 times slower, and a connection opened before the other
    // operations' warm-up waits minutes for its first request: no idle timeout may close it.
    private static readonly TimeSpan Patient = TimeSpan.FromMinutes(30);
    private static readonly HttpLimits PatientLimits = new() { HeaderTimeout = Patient };

    public async Task<IReadOnlyList<Operation>> StartAsync(IEnumerable<string> twins)
    {
        var operations = new List<Operation>();
        foreach (var twin in twins)
        {
            IBenchServer server = twin switch
            {
                // A few threads are enough for one connection at a time; hijack lets WSGI echo WebSockets.
                "wsgi" => new WsgiServer(new WsgiOptions { Port = 0, Threads = 4, KeepAlive = Patient, Limits = PatientLimits, WebSockets = WsgiWebSocketMode.Hijack },
                    runtime => new WsgiDemoApp(runtime).Invoke),
                // No WebSocket pings: one arriving mid-echo would be counted as the echo's work.
                "asgi" => new AsgiServer(new AsgiOptions { Port = 0, KeepAlive = Patient, Limits = PatientLimits, WebSocketPingInterval = TimeSpan.Zero },
                    runtime => new AsgiDemoApp(runtime).Invoke),
                _ => throw new ArgumentException($"--twin: '{twin}' is not one of {string.Join(", ", Twins)}"),
            };
            await server.StartAsync();
            _servers.Add(server);
            int port = server.Port;
            foreach (var route in new[] { "/hello", "/json", "/users/1?wait_ms=0" })
            {
                var request = LoopbackClient.Get(route, port);
                var client = Connect(port);
                operations.Add(new Operation($"{twin} GET {route}", count =>
                {
                    for (int i = 0; i < count; i++) client.Exchange(request);
                }));
            }
            var sse = Connect(port);
            operations.Add(new Operation($"{twin} SSE event", count => sse.Exchange(LoopbackClient.Get($"/sse?events={count}&interval_ms=0", port, "Accept: text/event-stream\r\n"))));
            var ws = Connect(port);
            ws.Exchange(LoopbackClient.Get("/ws/echo", port,
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"), expectedStatus: 101);
            var frame = MaskedTextFrame(32);
            operations.Add(new Operation($"{twin} WS echo", count =>
            {
                for (int i = 0; i < count; i++)
                {
                    ws.Send(frame);
                    if (ws.ReadFrame() != 0x81) throw new InvalidDataException("the echo was not one text frame");
                }
            }));
        }
        return operations;
    }

    private LoopbackClient Connect(int port)
    {
        var client = new LoopbackClient(port);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client text frame of <paramref name="size"/> bytes (under 126, so a 2-byte header), masked as RFC 6455 requires.</summary>
    private static byte[] MaskedTextFrame(int size)
    {
        byte[] mask = [0x12, 0x34, 0x56, 0x78];
        var frame = new byte[2 + 4 + size];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | size);
        mask.CopyTo(frame, 2);
        for (int i = 0; i < size; i++) frame[6 + i] = (byte)('a' + i % 26 ^ mask[i % 4]);
        return frame;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        foreach (var server in _servers)
        {
            await server.StopAsync(Patient);
            await server.DisposeAsync();
        }
    }
}
