using System.Text;
using Bench.Servers.Hosting;
using Bench.Servers.Asgi;

namespace Bench.Servers.App;

/// <summary>
/// The demo app as a raw ASGI 3.0 application: waits are awaited timers that free the loop, except
/// /blocking, which blocks it on purpose (the classic mistake), and /offload, which moves the same
/// blocking wait to a 40-token thread pool as Starlette does for <c>def</c> endpoints.
/// <paramref name="pyCostMicroseconds"/> is <c>--py-cost</c>: CPU spent on the loop per request and per
/// WebSocket handshake, under the GIL (<see cref="InterpreterCost"/>).
/// </summary>
public sealed class AsgiDemoApp(AsgiRuntime runtime, int pyCostMicroseconds = 0)
{
    private readonly InterpreterCost cost = pyCostMicroseconds > 0 ? new(pyCostMicroseconds, runtime.Gil) : InterpreterCost.None;

    private static readonly (byte[], byte[])[] TextHeaders = [("content-type"u8.ToArray(), Encoding.ASCII.GetBytes(DemoPayloads.TextPlain))];
    private static readonly (byte[], byte[])[] JsonHeaders = [("content-type"u8.ToArray(), Encoding.ASCII.GetBytes(DemoPayloads.ApplicationJson))];

    /// <remarks>
    /// Not async itself, and neither are the dispatchers below it: each reads what its route needs from
    /// the scope up front, so a held SSE stream or WebSocket does not keep the scope's dictionaries and
    /// byte arrays alive in a waiting state machine (about 1.5 KiB per held connection).
    /// </remarks>
    public Task Invoke(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        switch (scope["type"])
        {
            case "lifespan":
                return Lifespan(receive, send);
            case "http":
                cost.Spend();
                return Http(scope, receive, send);
            case "websocket":
                cost.Spend();
                return WebSocket(scope, receive, send);
            default:
                // ASGI: apps should raise on scope types they do not know.
                return Task.FromException(new NotSupportedException($"unsupported scope type {scope["type"]}"));
        }
    }

    private static async Task Lifespan(AsgiReceive receive, AsgiSend send)
    {
        while (true)
        {
            var message = await receive();
            switch (AsgiMessages.TypeOf(message))
            {
                case "lifespan.startup":
                    await send(AsgiMessages.Message("lifespan.startup.complete"));
                    break;
                case "lifespan.shutdown":
                    await send(AsgiMessages.Message("lifespan.shutdown.complete"));
                    return;
            }
        }
    }

    private Task Http(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        var query = Encoding.Latin1.GetString((byte[])scope["query_string"]!);
        var route = DemoRoute.Match((string)scope["method"]!, (string)scope["path"]!);
        // A held stream runs in a method of its own, not inside another waiting one.
        return route.Kind == RouteKind.Sse
            ? Sse(query, HeaderValue(scope, "last-event-id"), receive, send)
            : Http(route, query, receive, send);
    }

    /// <summary>The test hooks' artificial delay and CPU work (none unless configured).</summary>
    private static async Task ArtificialCosts(RouteKind kind)
    {
        if (ArtificialDelay.AppliesTo(kind)) await ArtificialDelay.WaitAsync();
        ArtificialWork.Apply(kind);
    }

    private static Task BadRequest(AsgiSend send, DemoParameterError error) => Respond(send, 400, TextHeaders, DemoPayloads.Message(error.Message));

    private async Task Http(DemoRoute route, string query, AsgiReceive receive, AsgiSend send)
    {
        await ArtificialCosts(route.Kind);
        try
        {
            switch (route.Kind)
            {
                case RouteKind.Health: await Respond(send, 200, TextHeaders, DemoPayloads.Ok); break;
                case RouteKind.Hello: await Respond(send, 200, TextHeaders, DemoPayloads.HelloWorld); break;
                case RouteKind.Json: await Respond(send, 200, JsonHeaders, DemoPayloads.Json()); break;
                case RouteKind.User:
                {
                    long id = DemoParameters.UserId(route.UserId);
                    int wait = DemoParameters.WaitMs(query);
                    await AsgiRuntime.Sleep(wait);
                    await Respond(send, 200, JsonHeaders, DemoPayloads.User(id, wait));
                    break;
                }
                case RouteKind.Cpu:
                {
                    int iterations = DemoParameters.Int(query, "iterations", 100_000, 0, 2_000_000_000);
                    ulong result = DemoPayloads.Cpu(iterations, runtime.Gil.Tick);
                    await Respond(send, 200, JsonHeaders, DemoPayloads.CpuResult(iterations, result));
                    break;
                }
                case RouteKind.Blocking:
                {
                    int wait = DemoParameters.WaitMs(query);
                    // A synchronous call inside async code: the whole loop stops for its duration.
                    runtime.Gil.BlockingSleep(wait);
                    await Respond(send, 200, JsonHeaders, DemoPayloads.Waited(wait, "blocking"));
                    break;
                }
                case RouteKind.Offload:
                {
                    int wait = DemoParameters.WaitMs(query);
                    await runtime.Offload.RunAsync(() => { runtime.Gil.BlockingSleep(wait); return wait; });
                    await Respond(send, 200, JsonHeaders, DemoPayloads.Waited(wait, "offload"));
                    break;
                }
                case RouteKind.Stream: await Stream(send, DemoParameters.Stream(query)); break;
                case RouteKind.Upload: await Upload(receive, send); break;
                case RouteKind.Stats: await Respond(send, 200, JsonHeaders, runtime.Stats.ToJson(DemoParameters.SettleGc(query), DemoParameters.ResetEchoes(query))); break;
                case RouteKind.WhoAmI:
                {
                    int before = Environment.CurrentManagedThreadId;
                    await AsgiRuntime.Sleep(DemoParameters.Int(query, "wait_ms", 0, 0, 60_000));
                    await Respond(send, 200, JsonHeaders, DemoPayloads.WhoAmI(before, Environment.CurrentManagedThreadId));
                    break;
                }
                case RouteKind.MethodNotAllowed: await Respond(send, 405, TextHeaders, DemoPayloads.Message("method not allowed")); break;
                default: await Respond(send, 404, TextHeaders, DemoPayloads.Message("not found")); break;
            }
        }
        catch (DemoParameterError error)
        {
            await BadRequest(send, error);
        }
    }

    private static async Task Stream(AsgiSend send, StreamShape shape)
    {
        await send(AsgiMessages.ResponseStart(200, TextHeaders));
        for (int i = 0; i < shape.Chunks; i++)
        {
            if (i > 0) await AsgiRuntime.Sleep(shape.IntervalMs);
            await send(AsgiMessages.ResponseBody(DemoPayloads.StreamChunk(i, shape.Size), moreBody: true));
        }
        await send(AsgiMessages.ResponseBody([]));
    }

    private async Task Sse(string query, string? lastEventId, AsgiReceive receive, AsgiSend send)
    {
        await ArtificialCosts(RouteKind.Sse);
        SseShape shape;
        try { shape = DemoParameters.Sse(query, lastEventId); }
        catch (DemoParameterError error)
        {
            await BadRequest(send, error);
            return;
        }
        await send(AsgiMessages.ResponseStart(200, [
            ("content-type"u8.ToArray(), "text/event-stream"u8.ToArray()),
            ("cache-control"u8.ToArray(), "no-cache"u8.ToArray()),
            ("x-accel-buffering"u8.ToArray(), "no"u8.ToArray()),
        ]));
        runtime.Stats.SseOpened();
        try
        {
            // One ticker per stream on the loop's own timer heap, not a sleep per event: objects that live an
            // interval each would be promoted and pile up in gen2 under thousands of streams. send() never
            // fails after a disconnect (uvicorn), so receive() is watched for http.disconnect, which stops
            // the ticker, as shutdown does.
            using var ticker = shape.IntervalMs > 0 ? AsgiRuntime.Every(TimeSpan.FromMilliseconds(shape.IntervalMs)) : null;
            using var shutdown = ticker is null ? default : runtime.Stopping.UnsafeRegister(static s => ((ITicker)s!).Stop(), ticker);
            var departed = WaitForDisconnect(receive, ticker);
            bool first = true;
            foreach (var id in SseEvents.Sequence(shape))
            {
                if (!first && ticker is not null && !await ticker.WaitForNextTickAsync()) break;
                if (departed.IsCompleted || runtime.Stopping.IsCancellationRequested) break;
                await send(AsgiMessages.ResponseBody(SseEvents.Format(id, first), moreBody: true));
                first = false;
            }
            // Shutdown ends the stream cleanly with its last chunk; a departed client gets nothing more.
            if (runtime.Stopping.IsCancellationRequested || !departed.IsCompleted) await send(AsgiMessages.ResponseBody([]));
        }
        finally
        {
            runtime.Stats.SseClosed();
        }
    }

    private Task WebSocket(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        var route = DemoRoute.Match("GET", (string)scope["path"]!).Kind;
        var offered = (List<string>)scope["subprotocols"]!;
        var room = route == RouteKind.WsChat ? QueryString(scope, "room") : "";
        return WebSocket(route, offered.Count > 0 ? offered[0] : null, room, receive, send);
    }

    private async Task WebSocket(RouteKind route, string? subprotocol, string room, AsgiReceive receive, AsgiSend send)
    {
        if (AsgiMessages.TypeOf(await receive()) != "websocket.connect") return;
        if (route is not (RouteKind.WsEcho or RouteKind.WsChat))
        {
            await send(new() { ["type"] = "websocket.close", ["code"] = 1000 });
            return;
        }
        await send(new() { ["type"] = "websocket.accept", ["subprotocol"] = subprotocol });
        if (route == RouteKind.WsChat)
        {
            await Chat(room, receive, send);
            return;
        }
        // Echo, in this method rather than one it waits on: one state machine per held socket, not two.
        while (true)
        {
            var message = await receive();
            long receivedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            if (AsgiMessages.TypeOf(message) != "websocket.receive") return;
            await send(new() { ["type"] = "websocket.send", ["bytes"] = message["bytes"], ["text"] = message["text"] });
            runtime.Stats.Echoes.Record(receivedAt);
        }
    }

    private async Task Chat(string room, AsgiReceive receive, AsgiSend send)
    {
        // Deliveries are queued in room order and written by this connection's own task, on its own loop.
        var outbox = System.Threading.Channels.Channel.CreateUnbounded<byte[]>(new() { SingleReader = true });
        using var membership = runtime.Chat.Join(room, payload => outbox.Writer.TryWrite(payload));
        var writer = WriteOutbox(outbox.Reader, send);
        try
        {
            while (true)
            {
                var message = await receive();
                if (AsgiMessages.TypeOf(message) != "websocket.receive") return;
                var text = message["text"] as string ?? Encoding.UTF8.GetString((byte[])message["bytes"]!);
                runtime.Chat.Broadcast(room, text);
            }
        }
        finally
        {
            outbox.Writer.TryComplete();
            try { await writer; } catch (AsgiClientDisconnected) { }
        }
    }

    private static async Task WriteOutbox(System.Threading.Channels.ChannelReader<byte[]> outbox, AsgiSend send)
    {
        await foreach (var payload in outbox.ReadAllAsync())
        {
            await send(new() { ["type"] = "websocket.send", ["text"] = Encoding.UTF8.GetString(payload), ["bytes"] = null });
        }
    }

    private static string QueryString(Dictionary<string, object?> scope, string key) =>
        Bench.Servers.Http.QueryString.Get(Encoding.Latin1.GetString((byte[])scope["query_string"]!), key) is { Length: > 0 } value ? value : "lobby";

    /// <summary>Completes when the client has left (or receive failed), after stopping the stream's ticker.</summary>
    private static async Task WaitForDisconnect(AsgiReceive receive, ITicker? ticker)
    {
        try
        {
            while (AsgiMessages.TypeOf(await receive()) != "http.disconnect") { }
        }
        finally
        {
            ticker?.Stop();
        }
    }

    private static async Task Upload(AsgiReceive receive, AsgiSend send)
    {
        using var hash = DemoPayloads.NewUploadHash();
        long length = 0;
        while (true)
        {
            var message = await receive();
            if (AsgiMessages.TypeOf(message) == "http.disconnect") return;
            var body = AsgiMessages.Get<byte[]>(message, "body", []);
            hash.AppendData(body);
            length += body.Length;
            if (!AsgiMessages.Get(message, "more_body", false)) break;
        }
        await Respond(send, 200, JsonHeaders, DemoPayloads.Upload(length, hash.GetHashAndReset()));
    }

    private static string? HeaderValue(Dictionary<string, object?> scope, string lowerName)
    {
        foreach (var (name, value) in (List<(byte[] Name, byte[] Value)>)scope["headers"]!)
        {
            if (Encoding.ASCII.GetString(name) == lowerName) return Encoding.Latin1.GetString(value);
        }
        return null;
    }

    private static async Task Respond(AsgiSend send, int status, (byte[], byte[])[] headers, byte[] body)
    {
        await send(AsgiMessages.ResponseStart(status, headers));
        await send(AsgiMessages.ResponseBody(body));
    }
}
