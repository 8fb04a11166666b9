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

    public async Task Invoke(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        switch (scope["type"])
        {
            case "lifespan":
                await Lifespan(receive, send);
                return;
            case "http":
                cost.Spend();
                await Http(scope, receive, send);
                return;
            case "websocket":
                cost.Spend();
                await WebSocket(scope, receive, send);
                return;
            default:
                // ASGI: apps should raise on scope types they do not know.
                throw new NotSupportedException($"unsupported scope type {scope["type"]}");
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

    private async Task Http(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        var method = (string)scope["method"]!;
        var query = Encoding.Latin1.GetString((byte[])scope["query_string"]!);
        var route = DemoRoute.Match(method, (string)scope["path"]!);
        if (ArtificialDelay.AppliesTo(route.Kind)) await ArtificialDelay.WaitAsync();
        ArtificialWork.Apply(route.Kind);
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
                case RouteKind.Sse: await Sse(scope, receive, send); break;
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
            await Respond(send, 400, TextHeaders, DemoPayloads.Message(error.Message));
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

    private async Task Sse(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        var shape = DemoParameters.Sse(Encoding.Latin1.GetString((byte[])scope["query_string"]!), HeaderValue(scope, "last-event-id"));
        await send(AsgiMessages.ResponseStart(200, [
            ("content-type"u8.ToArray(), "text/event-stream"u8.ToArray()),
            ("cache-control"u8.ToArray(), "no-cache"u8.ToArray()),
            ("x-accel-buffering"u8.ToArray(), "no"u8.ToArray()),
        ]));
        runtime.Stats.SseOpened();
        try
        {
            // send() never fails after a disconnect (uvicorn), so watch receive() for http.disconnect.
            // One timer and one cancellation per stream, not a Task.Delay per event: objects that live
            // an interval each would be promoted and pile up in gen2 under thousands of streams.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(runtime.Stopping);
            _ = WaitForDisconnect(receive).ContinueWith(static (_, s) =>
            {
                try { ((CancellationTokenSource)s!).Cancel(); }
                catch (ObjectDisposedException) { }   // the stream had already ended
            }, stop, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            using var timer = shape.IntervalMs > 0 ? new PeriodicTimer(TimeSpan.FromMilliseconds(shape.IntervalMs)) : null;
            bool first = true;
            foreach (var id in SseEvents.Sequence(shape))
            {
                if (!first && timer is not null)
                {
                    try { await timer.WaitForNextTickAsync(stop.Token); }
                    catch (OperationCanceledException) { break; }
                }
                if (stop.IsCancellationRequested) break;
                await send(AsgiMessages.ResponseBody(SseEvents.Format(id, first), moreBody: true));
                first = false;
            }
            // Shutdown ends the stream cleanly with its last chunk; a departed client gets nothing more.
            if (runtime.Stopping.IsCancellationRequested || !stop.IsCancellationRequested) await send(AsgiMessages.ResponseBody([]));
        }
        finally
        {
            runtime.Stats.SseClosed();
        }
    }

    private async Task WebSocket(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send)
    {
        if (AsgiMessages.TypeOf(await receive()) != "websocket.connect") return;
        var route = DemoRoute.Match("GET", (string)scope["path"]!);
        if (route.Kind is not (RouteKind.WsEcho or RouteKind.WsChat))
        {
            await send(new() { ["type"] = "websocket.close", ["code"] = 1000 });
            return;
        }
        var offered = (List<string>)scope["subprotocols"]!;
        await send(new() { ["type"] = "websocket.accept", ["subprotocol"] = offered.Count > 0 ? offered[0] : null });
        if (route.Kind == RouteKind.WsEcho) await Echo(receive, send);
        else await Chat(QueryString(scope, "room"), receive, send);
    }

    private async Task Echo(AsgiReceive receive, AsgiSend send)
    {
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

    private static async Task WaitForDisconnect(AsgiReceive receive)
    {
        while (AsgiMessages.TypeOf(await receive()) != "http.disconnect") { }
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
