using Xunit;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bench.Tests.Load.Support;

/// <summary>
/// A small Kestrel server on 127.0.0.1 and a free port, for driving the load generator over
/// real sockets. Endpoints: /hello counts and answers, /stall-once stalls every request that
/// arrives during one 1 s window, /cut promises 100 bytes then aborts after 10, /hang never answers.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _count;
    private readonly long _stallAfter;
    private readonly TimeSpan _stallFor;
    private readonly TaskCompletionSource _stallOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stallStarted;

    private TestServer(WebApplication app, long stallAfter, TimeSpan stallFor)
    {
        _app = app;
        _stallAfter = stallAfter;
        _stallFor = stallFor;
    }

    public long Count => Interlocked.Read(ref _count);

    public Uri Url(string path) => new(BaseAddress, path);

    public Uri BaseAddress { get; private set; } = null!;

    /// <param name="stallAfter">For /stall-once: the request number that starts the stall.</param>
    public static async Task<TestServer> StartAsync(long stallAfter = long.MaxValue, TimeSpan? stallFor = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxConcurrentConnections = null;
        });
        var app = builder.Build();
        var server = new TestServer(app, stallAfter, stallFor ?? TimeSpan.FromSeconds(1));
        app.MapGet("/hello", () =>
        {
            Interlocked.Increment(ref server._count);
            return "Hello World";
        });
        app.MapGet("/stall-once", server.StallOnceAsync);
        app.MapGet("/cut", async (HttpContext ctx) =>
        {
            ctx.Response.ContentLength = 100;
            await ctx.Response.Body.WriteAsync(new byte[10]);
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        app.MapGet("/hang", async (HttpContext ctx) =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    private async Task<string> StallOnceAsync()
    {
        long n = Interlocked.Increment(ref _count);
        if (n == _stallAfter && Interlocked.Exchange(ref _stallStarted, 1) == 0)
        {
            // Like wrk2's demo (^Z on the server for a second): everything that arrives now waits.
            _ = Task.Delay(_stallFor).ContinueWith(_ => _stallOver.TrySetResult(), TaskScheduler.Default);
        }
        if (Volatile.Read(ref _stallStarted) == 1 && !_stallOver.Task.IsCompleted) await _stallOver.Task;
        return "Hello World";
    }

    /// <summary>A loopback port with nothing listening: bound, noted, closed.</summary>
    public static int ClosedPort()
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _stallOver.TrySetResult();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
