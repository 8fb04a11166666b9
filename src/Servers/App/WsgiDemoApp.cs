using Bench.Servers.Hosting;
using Bench.Servers.Wsgi;

namespace Bench.Servers.App;

/// <summary>
/// The demo app as a synchronous PEP 3333 application: waits block the thread (a database driver
/// without async), streams are generators that hold their thread until the last chunk.
/// <paramref name="pyCostMicroseconds"/> is <c>--py-cost</c>: CPU spent per request under the GIL (<see cref="InterpreterCost"/>).
/// </summary>
public sealed class WsgiDemoApp(WsgiRuntime runtime, int pyCostMicroseconds = 0)
{
    private readonly Gil gil = runtime.Gil;
    private readonly ServerStats stats = runtime.Stats;
    private readonly InterpreterCost cost = pyCostMicroseconds > 0 ? new(pyCostMicroseconds, runtime.Gil) : InterpreterCost.None;

    public WsgiDemoApp(Gil gil, ServerStats stats) : this(new WsgiRuntime(gil, stats, CancellationToken.None))
    {
    }

    private static readonly (string, string)[] TextHeaders = [("Content-Type", DemoPayloads.TextPlain)];
    private static readonly (string, string)[] JsonHeaders = [("Content-Type", DemoPayloads.ApplicationJson)];

    public IEnumerable<byte[]> Invoke(Dictionary<string, object?> environ, StartResponse startResponse)
    {
        var method = (string)environ["REQUEST_METHOD"]!;
        var path = (string)environ["PATH_INFO"]!;
        var query = (string)environ["QUERY_STRING"]!;
        var route = DemoRoute.Match(method, path);
        cost.Spend();
        if (ArtificialDelay.AppliesTo(route.Kind)) gil.BlockingSleep(ArtificialDelay.Milliseconds);
        ArtificialWork.Apply(route.Kind);
        try
        {
            if (environ.TryGetValue("HTTP_UPGRADE", out var upgrade) && "websocket".Equals(upgrade as string, StringComparison.OrdinalIgnoreCase))
            {
                if (environ.GetValueOrDefault("bench.hijack") is WsgiHijack hijack && route.Kind is RouteKind.WsEcho or RouteKind.WsChat)
                {
                    return new HijackedWebSocket(runtime, environ, hijack).Serve(route.Kind == RouteKind.WsChat ? QueryRoom(query) : null, startResponse);
                }
                return Text(startResponse, "426 Upgrade Required",
                    "WSGI cannot carry WebSockets: its single request/response call has no channel for client frames after the request (PEP 3333). Use the ASGI twin, or start this one with --ws hijack.");
            }
            return route.Kind switch
            {
                RouteKind.Health => Body(startResponse, "200 OK", TextHeaders, DemoPayloads.Ok),
                RouteKind.Hello => Body(startResponse, "200 OK", TextHeaders, DemoPayloads.HelloWorld),
                RouteKind.Json => Body(startResponse, "200 OK", JsonHeaders, DemoPayloads.Json()),
                RouteKind.User => User(startResponse, route.UserId, query),
                RouteKind.Cpu => Cpu(startResponse, query),
                RouteKind.Stream => Stream(startResponse, DemoParameters.Stream(query)),
                RouteKind.Sse => Sse(startResponse, DemoParameters.Sse(query, environ.GetValueOrDefault("HTTP_LAST_EVENT_ID") as string)),
                RouteKind.Upload => Upload(startResponse, (WsgiInput)environ["wsgi.input"]!),
                RouteKind.Stats => Body(startResponse, "200 OK", JsonHeaders, stats.ToJson(DemoParameters.SettleGc(query), DemoParameters.ResetEchoes(query))),
                RouteKind.WhoAmI => WhoAmI(startResponse, query),
                RouteKind.MethodNotAllowed => Text(startResponse, "405 Method Not Allowed", "method not allowed"),
                _ => Text(startResponse, "404 Not Found", "not found"),
            };
        }
        catch (DemoParameterError error)
        {
            return Text(startResponse, "400 Bad Request", error.Message);
        }
    }

    private IEnumerable<byte[]> User(StartResponse start, string? id, string query)
    {
        long userId = DemoParameters.UserId(id);
        int wait = DemoParameters.WaitMs(query);
        gil.BlockingSleep(wait);
        return Body(start, "200 OK", JsonHeaders, DemoPayloads.User(userId, wait));
    }

    private IEnumerable<byte[]> Cpu(StartResponse start, string query)
    {
        int iterations = DemoParameters.Int(query, "iterations", 100_000, 0, 2_000_000_000);
        ulong result = DemoPayloads.Cpu(iterations, gil.Tick);
        return Body(start, "200 OK", JsonHeaders, DemoPayloads.CpuResult(iterations, result));
    }

    private IEnumerable<byte[]> WhoAmI(StartResponse start, string query)
    {
        int before = Environment.CurrentManagedThreadId;
        gil.BlockingSleep(DemoParameters.Int(query, "wait_ms", 0, 0, 60_000));
        return Body(start, "200 OK", JsonHeaders, DemoPayloads.WhoAmI(before, Environment.CurrentManagedThreadId));
    }

    private IEnumerable<byte[]> Stream(StartResponse start, StreamShape shape)
    {
        start("200 OK", TextHeaders);
        for (int i = 0; i < shape.Chunks; i++)
        {
            if (i > 0) gil.BlockingSleep(shape.IntervalMs);
            yield return DemoPayloads.StreamChunk(i, shape.Size);
        }
    }

    private IEnumerable<byte[]> Sse(StartResponse start, SseShape shape)
    {
        start("200 OK", [("Content-Type", DemoPayloads.EventStream), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]);
        stats.SseOpened();
        try
        {
            bool first = true;
            foreach (var id in SseEvents.Sequence(shape))
            {
                if (!first) gil.BlockingSleep(shape.IntervalMs);
                // Shutdown ends the stream cleanly: the generator stops and the server sends the last chunk.
                if (runtime.Stopping.IsCancellationRequested) yield break;
                yield return SseEvents.Format(id, first);
                first = false;
            }
        }
        finally
        {
            // Runs when the client leaves too: the server disposes the iterator (PEP 3333 close()).
            stats.SseClosed();
        }
    }

    private IEnumerable<byte[]> Upload(StartResponse start, WsgiInput input)
    {
        using var hash = DemoPayloads.NewUploadHash();
        var buffer = new byte[64 * 1024];
        long length = 0;
        for (int n; (n = gil.WithoutLock(() => input.ReadInto(buffer))) > 0;)
        {
            hash.AppendData(buffer, 0, n);
            length += n;
        }
        return Body(start, "200 OK", JsonHeaders, DemoPayloads.Upload(length, hash.GetHashAndReset()));
    }

    private static string QueryRoom(string query) =>
        Bench.Servers.Http.QueryString.Get(query, "room") is { Length: > 0 } room ? room : "lobby";

    private static byte[][] Text(StartResponse start, string status, string message) =>
        Body(start, status, TextHeaders, DemoPayloads.Message(message));

    private static byte[][] Body(StartResponse start, string status, (string, string)[] headers, byte[] body)
    {
        start(status, headers);
        return [body];
    }
}
