using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The built <c>bench-server</c> executable: bad options exit 2 with one line naming the option and its
/// range; a started server prints one ready line, serves /health and exits 0 on SIGTERM.
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
        using var process = Start(command, option, value);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Contains(range, line, StringComparison.Ordinal);
        Assert.Equal("", await stdout);
    }

    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Server_prints_its_ready_line_serves_health_and_exits_0_on_sigterm(string command)
    {
        using var process = Start(command, "--port", "0");
        try
        {
            using var client = new HttpClient { BaseAddress = await ReadyAddressAsync(process) };
            Assert.Equal("ok", await client.GetStringAsync("/health"));

            Terminate(process);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Sigterm_lets_an_in_flight_request_finish_before_exiting_0(string command)
    {
        using var process = Start(command, "--port", "0");
        try
        {
            using var client = new HttpClient { BaseAddress = await ReadyAddressAsync(process) };
            var inFlight = client.GetAsync("/users/1?wait_ms=1000");
            await Task.Delay(300);

            Terminate(process);

            using var response = await inFlight;
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Contains("\"waited_ms\":1000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Theory]
    [InlineData("wsgi", "--threads")]
    [InlineData("asgi", "--limit-concurrency")]
    [InlineData("kestrel", "--header-timeout")]
    public async Task Help_lists_the_options_and_exits_0(string command, string option)
    {
        using var process = Start(command, "--help");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains(option, await stdout, StringComparison.Ordinal);
        Assert.Contains("--port", await stdout, StringComparison.Ordinal);
        Assert.Equal("", await stderr);
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
        using var process = Start(command, "--port", "0", "--gil", "--py-cost", pyCostMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var client = new HttpClient { BaseAddress = await ReadyAddressAsync(process) };
            for (int i = 0; i < 5; i++) await client.GetStringAsync("/hello");   // compiled and warm before counting
            double before = CpuSeconds(process.Id);
            for (int i = 0; i < requests; i++) Assert.Equal("Hello World", await client.GetStringAsync("/hello"));
            return CpuSeconds(process.Id) - before;
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>utime + stime of a process from /proc/PID/stat, in seconds (USER_HZ = 100).</summary>
    private static double CpuSeconds(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    private static async Task<Uri> ReadyAddressAsync(Process process)
    {
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var match = Regex.Match(ready ?? "", "^listening on (http://127\\.0\\.0\\.1:[0-9]+)$");
        Assert.True(match.Success, $"unexpected first line: '{ready}'");
        return new Uri(match.Groups[1].Value + "/");
    }

    /// <summary>SIGTERM to the one process this test started.</summary>
    private static void Terminate(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Runs <c>dotnet bench-server.dll</c> from the test output, where the project reference puts it.</summary>
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bench-server.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start bench-server");
    }

    /// <summary>The dotnet host running the tests (set by the SDK), else the one on PATH.</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}
