using System.Net.WebSockets;
using Bench.Load.Code;
using Bench.Load.Models;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Load.Code;

/// <summary>WebSocket and SSE clients of code scenarios against the ASGI twin.</summary>
[Collection(LoadCollection.Name)]
public sealed class CodeStreamTests
{
    [Fact]
    public async Task A_WebSocket_per_VU_echoes_every_message_exactly()
    {
        const int Vus = 20, Messages = 25;
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        long echoed = 0;
        var scenario = Scenario.Create("ws-echo-code", async ctx =>
        {
            await using var ws = await ctx.Measure("connect", () => ctx.OpenWebSocketAsync("/ws/echo"));
            for (int i = 0; i < Messages; i++)
            {
                string text = $"vu {ctx.VuId} message {i}";
                var echo = await ctx.Measure("echo", async () =>
                {
                    await ws.SendTextAsync(text);
                    return await ws.ReceiveAsync();
                });
                if (echo.Type != WebSocketMessageType.Text || echo.Text != text) throw new InvalidDataException($"expected '{text}', got '{echo.Text}'");
                Interlocked.Increment(ref echoed);
            }
            await ws.CloseAsync();
            if (ws.CloseStatus != WebSocketCloseStatus.NormalClosure) throw new InvalidDataException($"closed with {ws.CloseStatus}");
        });

        var result = await new LoadTest
        {
            Scenario = scenario,
            BaseUrl = twin.BaseAddress,
            Model = new PerVuIterations { Vus = Vus, Iterations = 1 },
        }.RunAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Failed == 0, result.ToString());
        Assert.Equal(Vus, result.Iterations);
        Assert.Equal(Vus * Messages, echoed);
        Assert.Equal(Vus, result.Steps["connect"].Ok);
        Assert.Equal(Vus * Messages, result.Steps["echo"].Ok);
        Assert.Equal(Vus * Messages, result.Steps["echo"].Latency.Count);
        Assert.Equal(Vus, result.StatusCodes["101"]);
        Assert.Equal(0, twin.Server.Stats.OpenWebSockets);
    }

    [Fact]
    public async Task A_refused_upgrade_is_http_status_with_the_servers_status()
    {
        // The WSGI twin answers an upgrade with 426, as gunicorn does.
        await using var twin = await TestTargets.StartAsync(TestTargets.Wsgi);
        var scenario = Scenario.Create("ws-refused", async ctx => await ctx.Measure("connect", () => ctx.OpenWebSocketAsync("/ws/echo")));

        var result = await new LoadTest { Scenario = scenario, BaseUrl = twin.BaseAddress, Model = new PerVuIterations { Vus = 2, Iterations = 3 } }
            .RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(6, result.Errors["http-status"]);
        Assert.Equal(6, result.StatusCodes["426"]);
        Assert.Equal(6, result.Steps["connect"].Errors["http-status"]);
    }

    [Fact]
    public async Task An_SSE_subscription_reads_every_event_then_the_end()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        long events = 0;
        var scenario = Scenario.Create("sse-code", async ctx =>
        {
            await using var sse = await ctx.OpenSseAsync("/sse?events=5&interval_ms=10");
            while (await sse.ReadAsync() is { } item)
            {
                Assert.Equal((Interlocked.Increment(ref events) - 1) % 5 + 1, long.Parse(item.EventId!));
            }
        });

        var result = await new LoadTest
        {
            Scenario = scenario,
            BaseUrl = twin.BaseAddress,
            Model = new PerVuIterations { Vus = 1, Iterations = 3 },
        }.RunAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Failed == 0, result.ToString());
        Assert.Equal(15, events);
        Assert.Equal(3, result.StatusCodes["200"]);
    }
}
