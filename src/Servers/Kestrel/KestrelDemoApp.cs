using Bench.Servers.App;
using Bench.Servers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bench.Servers.Kestrel;

/// <summary>
/// The demo app on ASP.NET Core (routing middleware, the way a .NET user writes it): waits are awaited,
/// streams flush per chunk, and the ASGI-only routes (/blocking, /offload) are absent.
/// </summary>
internal static class KestrelDemoApp
{
    public static void Map(WebApplication app, ServerStats stats, CancellationToken stopping)
    {
        app.Use(async (context, next) =>
        {
            stats.RequestStarted();
            try
            {
                if (ArtificialDelay.Milliseconds > 0 && ArtificialDelay.AppliesTo(DemoRoute.Match(context.Request.Method, context.Request.Path.Value ?? "").Kind))
                    await ArtificialDelay.WaitAsync();
                if (ArtificialWork.Iterations > 0) ArtificialWork.Apply(DemoRoute.Match(context.Request.Method, context.Request.Path.Value ?? "").Kind);
                await next(context);
            }
            finally { stats.RequestEnded(); }
        });
        app.MapGetOrHead("/health", () => Text(DemoPayloads.Ok));
        app.MapGetOrHead("/hello", () => Text(DemoPayloads.HelloWorld));
        app.MapGetOrHead("/json", () => Json(DemoPayloads.Json()));
        app.MapGetOrHead("/users/{id}", async (string id, HttpContext context) =>
        {
            long userId = DemoParameters.UserId(id);
            int wait = DemoParameters.WaitMs(context.Request.QueryString.Value?.TrimStart('?') ?? "");
            await Task.Delay(wait, context.RequestAborted);
            return Json(DemoPayloads.User(userId, wait));
        });
        app.MapGetOrHead("/cpu", (HttpContext context) =>
        {
            int iterations = DemoParameters.Int(Query(context), "iterations", 100_000, 0, 2_000_000_000);
            return Json(DemoPayloads.CpuResult(iterations, DemoPayloads.Cpu(iterations, static () => { })));
        });
        app.MapGetOrHead("/whoami", async (HttpContext context) =>
        {
            int before = Environment.CurrentManagedThreadId;
            await Task.Delay(DemoParameters.Int(Query(context), "wait_ms", 0, 0, 60_000));
            return Json(DemoPayloads.WhoAmI(before, Environment.CurrentManagedThreadId));
        });
        app.MapGetOrHead("/stats", (HttpContext context) => Json(stats.ToJson(DemoParameters.SettleGc(Query(context)), DemoParameters.ResetEchoes(Query(context)))));
        app.MapGetOrHead("/stream", Stream);
        app.MapGetOrHead("/sse", (HttpContext context) => Sse(context, stats, stopping));
        app.MapPost("/upload", (Delegate)Upload);
    }

    /// <summary>
    /// HEAD is GET without the body (RFC 9110 §9.3.2), as on the twins; MapGet alone would answer HEAD
    /// with 405. Kestrel drops the body of a HEAD response itself.
    /// </summary>
    private static RouteHandlerBuilder MapGetOrHead(this WebApplication app, string pattern, Delegate handler) =>
        app.MapMethods(pattern, GetOrHead, handler);

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    private static string Query(HttpContext context) => context.Request.QueryString.Value?.TrimStart('?') ?? "";

    private static IResult Text(byte[] body) => Results.Bytes(body, DemoPayloads.TextPlain);

    private static IResult Json(byte[] body) => Results.Bytes(body, DemoPayloads.ApplicationJson);

    private static async Task Stream(HttpContext context)
    {
        var shape = DemoParameters.Stream(Query(context));
        context.Response.ContentType = DemoPayloads.TextPlain;
        for (int i = 0; i < shape.Chunks; i++)
        {
            if (i > 0) await Task.Delay(shape.IntervalMs, context.RequestAborted);
            await context.Response.Body.WriteAsync(DemoPayloads.StreamChunk(i, shape.Size), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task Sse(HttpContext context, ServerStats stats, CancellationToken stopping)
    {
        var shape = DemoParameters.Sse(Query(context), context.Request.Headers["Last-Event-ID"].FirstOrDefault());
        context.Response.ContentType = DemoPayloads.EventStream;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        stats.SseOpened();
        try
        {
            bool first = true;
            foreach (var id in SseEvents.Sequence(shape))
            {
                if (!first) await Task.Delay(shape.IntervalMs, context.RequestAborted);
                // Shutdown ends the stream cleanly with its last chunk.
                if (stopping.IsCancellationRequested) return;
                await context.Response.Body.WriteAsync(SseEvents.Format(id, first), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                first = false;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nothing to answer.
        }
        finally
        {
            stats.SseClosed();
        }
    }

    private static async Task<IResult> Upload(HttpContext context)
    {
        using var hash = DemoPayloads.NewUploadHash();
        var buffer = new byte[64 * 1024];
        long length = 0;
        for (int n; (n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0;)
        {
            hash.AppendData(buffer, 0, n);
            length += n;
        }
        return Json(DemoPayloads.Upload(length, hash.GetHashAndReset()));
    }
}
