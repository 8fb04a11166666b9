using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Trickle;
using Bench.Servers.App;
using Bench.Servers.Http;
using Bench.Servers.Wsgi;
using Bench.Tests.LongLived;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

/// <summary>
/// The trickle (slowloris) scenario over real loopback sockets: every byte, head and answer is counted,
/// the server's own request count agrees, and a server with a header timeout answers 408 before the head is done.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class TrickleScenarioTests
{
    private const int Connections = 4;

    [Fact]
    public async Task Trickled_heads_are_answered_and_counted_exactly_as_the_server_counted_them()
    {
        await using var server = await LongLivedTargets.StartAsync("asgi");
        var spec = Spec(LongLivedTargets.Http(server, "/hello"), TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(2.5));
        long before = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();

        var run = await ScenarioRuns.RunAsync(spec);

        long after = (await LongLivedTargets.WaitForStatsAsync(server, _ => true)).GetProperty("total_requests").GetInt64();
        var stream = Assert.IsType<StreamResult>(run.Stream);
        var c = stream.Counters;
        long heads = c[TrickleLayout.HeadsName];
        Assert.True(heads >= Connections, $"{heads} heads finished");
        // Every finished head was answered 200 on its kept-alive connection, and the server counted exactly those (plus the /stats that read "before").
        Assert.Equal(heads, c[TrickleLayout.ResponsesName]);
        Assert.Equal(heads, c[TrickleLayout.OkName]);
        Assert.Equal(after - before - 1, heads);
        Assert.Equal(0, c[TrickleLayout.TimeoutsName] + c[TrickleLayout.OtherStatusName] + c[TrickleLayout.ServerClosesName] + c[TrickleLayout.ReconnectsName]);
        // Bytes: every finished head whole, plus at most one unfinished head per connection when the hold ended.
        int length = new TrickleScenario(spec).Request.Length;
        long partial = c[TrickleLayout.BytesSentName] - heads * length;
        Assert.InRange(partial, 0, Connections * (length - 1));
        Assert.Equal(c[TrickleLayout.BytesSentName], run.Totals.BytesWritten);
        Assert.Equal(heads, stream.Latencies[TrickleLayout.AnswerName].Count);
        Assert.Equal(Connections, stream.Gauges[TrickleLayout.TricklingName].Peak);
        Assert.Equal(LatencyKinds.SlowRequest, stream.LatencyKinds[TrickleLayout.AnswerName]);
    }

    [Fact]
    public async Task A_server_with_a_header_timeout_answers_408_before_the_head_is_done()
    {
        // Heads of ~80 bytes at one byte per 100 ms would take 8 s; the WSGI twin's clock runs out after 0.5 s.
        var options = new WsgiOptions { Threads = 4, Limits = new HttpLimits { HeaderTimeout = TimeSpan.FromMilliseconds(500) } };
        await using var server = new WsgiServer(options, runtime => new WsgiDemoApp(runtime).Invoke);
        await server.StartAsync();
        var spec = Spec(LongLivedTargets.Http(server, "/hello"), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));

        var run = await ScenarioRuns.RunAsync(spec);

        var c = Assert.IsType<StreamResult>(run.Stream).Counters;
        long timeouts = c[TrickleLayout.TimeoutsName];
        Assert.True(timeouts >= Connections, $"{timeouts} answers of 408");
        Assert.Equal(0, c[TrickleLayout.HeadsName]);
        Assert.Equal(0, c[TrickleLayout.OkName]);
        Assert.Equal(timeouts, c[TrickleLayout.ResponsesName] - c[TrickleLayout.OtherStatusName]);
        Assert.Equal(0, c[TrickleLayout.OtherStatusName]);
        // Each 408 closes its connection and the client connects again, but for answers that came as the hold ended.
        long reconnects = c[TrickleLayout.ReconnectsName];
        Assert.InRange(reconnects, timeouts + c[TrickleLayout.ServerClosesName] - Connections, timeouts + c[TrickleLayout.ServerClosesName]);
        Assert.Equal(0, run.Totals.Failed);
    }

    private static StreamOptions Spec(Uri url, TimeSpan interval, TimeSpan duration) => new()
    {
        Kind = "trickle",
        Url = url,
        Connections = Connections,
        RampRate = 0,
        Duration = duration,
        Timeout = TimeSpan.FromSeconds(10),
        TrickleInterval = interval,
    };
}
