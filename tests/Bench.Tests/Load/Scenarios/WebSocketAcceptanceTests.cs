using Bench.Load.Scenarios;
using Bench.Load.Scenarios.WsChat;
using Bench.Tests.LongLived;
using Xunit;
using Bench.Load.Metrics;

namespace Bench.Tests.Load.Scenarios;

[Collection(ScenarioCollection.Name)]
public sealed class WebSocketAcceptanceTests
{
    [Theory]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task WsEcho_1000_clients_get_every_message_echoed_with_rtt_recorded(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind);
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "ws-echo",
            Url = LongLivedTargets.Ws(server, "/"),
            Connections = 1000,
            RampRate = 2000,
            Duration = TimeSpan.FromSeconds(4),
            MessageSize = 64,
            MessageRate = 4,
        });

        var ws = result.Stream!;
        Assert.True(ws.Counters["sent"] >= 1000 * 10, $"sent {ws.Counters["sent"]}");
        Assert.Equal(ws.Counters["sent"], ws.Counters["received"]);
        Assert.Equal(0, ws.Counters["unmatched"]);
        Assert.Equal(0, ws.Counters["lost"]);
        Assert.Equal(ws.Counters["received"], ws.Latencies["rtt"].Count);
        Assert.Equal(1000, ws.Latencies["handshake"].Count);
        Assert.Equal(1000, ws.CloseCodes["1000"]);
        Assert.Equal(0, ws.Counters["abnormal_closes"]);
        Assert.Equal(1000, result.Totals.Ok);
    }

    [Theory]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task WsChat_20_rooms_of_25_deliver_every_message_in_order(string kind)
    {
        await using var server = await LongLivedTargets.StartAsync(kind);
        var result = await ScenarioRuns.RunAsync(new StreamOptions
        {
            Kind = "ws-chat",
            Url = LongLivedTargets.Ws(server, "/"),
            Connections = 500,
            RoomSize = 25,
            RampRate = 2000,
            Duration = TimeSpan.FromSeconds(4),
            MessageSize = 32,
            MessageRate = 2,
        });

        var chat = result.Stream!;
        Assert.True(chat.Counters["sent"] > 500 * 4, $"sent {chat.Counters["sent"]}");
        Assert.Equal(100.0, WsChatLayout.Completeness(chat));
        Assert.Equal(0, chat.Counters["missing"]);
        Assert.Equal(0, chat.Counters["out_of_order"]);
        // Every message reached all 25 members of its room.
        Assert.Equal(chat.Counters["sent"] * 25, chat.Counters["delivered"]);
        Assert.Equal(chat.Counters["delivered"], chat.Latencies["lag"].Count);
    }
}
