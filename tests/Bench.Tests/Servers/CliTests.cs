using System.Globalization;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The built <c>bench-server</c> executable, started by the one target launcher: bad options exit 2 with
/// one line naming the option and its range; a started server prints one ready line, serves /health and
/// exits 0 on SIGTERM.
/// </summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("wsgi", "--threads", "0", "1..4096")]
    [InlineData("wsgi", "--port", "70000", "0..65535")]
    [InlineData("asgi", "--port", "70000", "0..65535")]
    [InlineData("asgi", "--workers", "0", "1..256")]
    [InlineData("kestrel", "--port", "-1", "0..65535")]
    [InlineData("wsgi", "--py-cost", "-1", "0..100000")]
    [InlineData("asgi", "--py-cost", "100001", "0..100000")]
    public async Task Bad_option_prints_one_line_naming_the_option_and_range_and_exits_2(string command, string option, string value, string range)
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(command, option, value);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr, l => l.Trim().Length > 0);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Contains(range, line, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Server_prints_its_ready_line_serves_health_and_exits_0_on_sigterm(string command)
    {
        await using var server = await ServerProcess.StartAsync(command);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        Assert.Equal("ok", await client.GetStringAsync("/health"));

        Assert.Equal(0, await server.StopAsync());
        var ready = Assert.Single(server.Stdout);
        Assert.Matches("^listening on http://127\\.0\\.0\\.1:[0-9]+$", ready);
    }

    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Sigterm_lets_an_in_flight_request_finish_before_exiting_0(string command)
    {
        await using var server = await ServerProcess.StartAsync(command);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var inFlight = client.GetAsync("/users/1?wait_ms=1000");
        // SIGTERM once the server has the request: /stats counts itself and the one in flight.
        await Eventually.EqualAsync(true, async () => inFlight.IsCompleted || await server.StatAsync("active_requests") >= 2, TimeSpan.FromSeconds(10));
        Assert.False(inFlight.IsCompleted, "the request finished before the server had been seen serving it");

        var exit = server.StopAsync();

        using var response = await inFlight;
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"waited_ms\":1000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await exit);
    }

    [Theory]
    [InlineData("wsgi", "--threads")]
    [InlineData("asgi", "--limit-concurrency")]
    [InlineData("kestrel", "--header-timeout")]
    public async Task Help_lists_the_options_and_exits_0(string command, string option)
    {
        var (exitCode, stdout, stderr) = await ServerProcess.RunToExitAsync(command, "--help");

        Assert.Equal(0, exitCode);
        string help = string.Join('\n', stdout);
        Assert.Contains(option, help, StringComparison.Ordinal);
        Assert.Contains("--port", help, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    // --py-cost spends CPU time, not wall time: a busy machine slows the requests but not what they cost,
    // so the assertion is on the server process's own CPU seconds (out of process: no other test adds to them).
    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    public async Task Py_cost_spends_its_cpu_time_on_every_request_and_nothing_without_it(string command)
    {
        double with = await CpuForRequestsAsync(command, pyCostMicroseconds: 20_000, requests: 10);
        double without = await CpuForRequestsAsync(command, pyCostMicroseconds: 0, requests: 10);

        Assert.True(with >= 0.18, $"10 requests at --py-cost 20000 took {with:0.000} s of server CPU, expected >= 0.2 s less a tick");
        Assert.True(without < 0.1, $"10 requests without --py-cost took {without:0.000} s of server CPU");
    }

    private static async Task<double> CpuForRequestsAsync(string command, int pyCostMicroseconds, int requests)
    {
        await using var server = await ServerProcess.StartAsync(command, "--gil", "--py-cost", pyCostMicroseconds.ToString(CultureInfo.InvariantCulture));
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        for (int i = 0; i < 5; i++) await client.GetStringAsync("/hello");   // compiled and warm before counting
        var before = server.CpuTime;
        for (int i = 0; i < requests; i++) Assert.Equal("Hello World", await client.GetStringAsync("/hello"));
        return (server.CpuTime - before).TotalSeconds;
    }
}
