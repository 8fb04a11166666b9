using Bench.Load.Results;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// Long-lived scenarios over TLS against <c>bench-server kestrel --https</c>, trusting the certificate
/// it wrote with <c>--cert-out</c>: wss:// echo and https:// SSE with exact counts on both sides.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class KestrelTlsStreamTests
{
    [Fact]
    public async Task Wss_echo_gets_every_message_back_over_tls()
    {
        using var pki = new TestPki();
        await using var server = await ServerProcess.StartAsync("kestrel", "--https", "--cert-out", pki.Path("kestrel.pem"));
        long before = await PinnedTarget.TotalRequestsAsync(server.Target);

        var run = await LoadgenRun.StartAsync(pki.Path("wss.json"), "--scenario", "ws-echo", "--url", $"wss://localhost:{server.BaseUrl.Port}/",
            "--ca", pki.Path("kestrel.pem"), "--connections", "5", "--ramp-rate", "0", "--message-rate", "20", "--duration", "2s", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        var stream = Assert.IsType<StreamResult>(result.Stream);
        Assert.True(stream.Counters["sent"] > 0);
        Assert.Equal(stream.Counters["sent"], stream.Counters["received"]);
        Assert.Equal(0, stream.Counters["lost"]);
        Assert.Equal(0, stream.Counters["unmatched"]);
        Assert.Equal(5, result.Totals.Ok);
        Assert.Equal(5, result.Tls!.Full + result.Tls.Resumed);
        // The five upgrade requests, and this /stats request itself.
        Assert.Equal(before + 5 + 1, await PinnedTarget.TotalRequestsAsync(server.Target));
    }

    [Fact]
    public async Task Https_sse_gets_every_event_over_tls()
    {
        using var pki = new TestPki();
        await using var server = await ServerProcess.StartAsync("kestrel", "--https", "--cert-out", pki.Path("kestrel.pem"));
        long before = await PinnedTarget.TotalRequestsAsync(server.Target);

        var run = await LoadgenRun.StartAsync(pki.Path("sse.json"), "--scenario", "sse", "--url", $"https://localhost:{server.BaseUrl.Port}/",
            "--ca", pki.Path("kestrel.pem"), "--connections", "7", "--ramp-rate", "0", "--events", "5", "--event-interval", "50ms",
            "--duration", "2s", "--timeout", "30s");

        var result = Assert.IsType<RunResult>(run.Result, exactMatch: false);
        Assert.True(run.Exit is 0 or 3, run.ToString());
        var stream = Assert.IsType<StreamResult>(result.Stream);
        Assert.Equal(7 * 5, stream.Counters["events"]);
        Assert.Equal(0, stream.Counters["gaps"]);
        Assert.Equal(7, result.Totals.Ok);
        Assert.Equal(7, result.Tls!.Full + result.Tls.Resumed);
        Assert.Equal(before + 7 + 1, await PinnedTarget.TotalRequestsAsync(server.Target));
    }
}
