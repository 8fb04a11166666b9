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
