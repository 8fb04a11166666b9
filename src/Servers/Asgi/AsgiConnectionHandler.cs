using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>
/// Serves one connection on its event loop: reads heads, runs one app instance per request, keeps the
/// connection alive between requests (5 s, jittered so thousands of idle timers don't fire together),
/// answers protocol errors with their 4xx, and 503 beyond <c>--limit-concurrency</c>.
/// </summary>
internal sealed class AsgiConnectionHandler(AsgiApp app, AsgiOptions options, ServerStats stats, AsgiWorkerContext worker)
{
    private static readonly byte[] ServerName = "bench-asgi"u8.ToArray();

    public async Task RunAsync(AsyncConnection connection)
    {
        worker.Open(connection);
        bool handedOver = false;
        try
        {
            var idle = options.Limits.HeaderTimeout;
            while (!worker.ShuttingDown)
            {
                RequestHead? head;
                try
                {
                    head = await connection.ReadHeadAsync(idle);
                }
                catch (RequestRejected error)
                {
                    await connection.SendAsync(ErrorResponse.Build(error.Status, error.Message, ServerName, lowercase: true));
                    return;
                }
                if (head is null) return;
                if (options.LimitConcurrency is { } limit && (stats.ActiveRequests >= limit || stats.OpenConnections > limit))
                {
                    await connection.SendAsync(ErrorResponse.Build(503, "Service Unavailable", ServerName, lowercase: true));
                    return;
                }
                if (head.IsWebSocketUpgrade && worker.WebSockets is { } webSockets)
                {
                    // The WebSocket handler owns the connection from here and closes it; this method's
                    // state (and the parsed head) is not kept for the socket's whole life.
                    handedOver = true;
                    _ = webSockets.RunAsync(connection, head);
                    return;
                }
                // The head is not kept in this method's state while the request is served (an SSE stream lasts).
                var serving = ServeRequestAsync(connection, head);
                head = null;
                if (!await serving) return;
                idle = Jitter(options.KeepAlive);
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bench-asgi: connection error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (!handedOver) worker.Close(connection);
        }
    }

    private async Task<bool> ServeRequestAsync(AsyncConnection connection, RequestHead head)
    {
        var cycle = new AsgiHttpCycle(connection, head, options.Limits);
        var scope = AsgiScope.Http(head, connection, worker.State);
        // Only these are read after the app returns; the head's header strings are not kept while it runs.
        string method = head.Method, target = head.RawTarget;
        head = null!;
        stats.RequestStarted();
        try
        {
            await app(scope, cycle.Receive, cycle.Send);
            if (!cycle.ResponseStarted)
            {
                // uvicorn: an app that returns without starting a response gets a 500.
                await connection.SendAsync(ErrorResponse.Build(500, "Internal Server Error", ServerName, lowercase: true));
                return false;
            }
            if (!cycle.ResponseComplete) return false;
        }
        catch (RequestRejected error)
        {
            if (cycle.HeadUnsent) await connection.SendAsync(ErrorResponse.Build(error.Status, error.Message, ServerName, lowercase: true));
            return false;
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"bench-asgi: exception in ASGI application on {method} {target}: {error.GetType().Name}: {error.Message}");
            // Before the head is out: 500 and close; after it: close (uvicorn's RequestResponseCycle.run_asgi).
            if (cycle.HeadUnsent) await connection.SendAsync(ErrorResponse.Build(500, "Internal Server Error", ServerName, lowercase: true));
            return false;
        }
        finally
        {
            stats.RequestEnded();
        }
        if (!cycle.KeepAlive || worker.ShuttingDown) return false;
        if (!cycle.BodyComplete)
        {
            if (!cycle.MayDrainBody) return false;
            try { await cycle.DrainBodyAsync(); }
            catch (RequestRejected) { return false; }
        }
        return true;
    }

    private static TimeSpan Jitter(TimeSpan span) => span * (0.9 + Random.Shared.NextDouble() * 0.2);
}
