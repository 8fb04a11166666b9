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
            var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var match = Regex.Match(ready ?? "", "^listening on http://127\\.0\\.0\\.1:([0-9]+)$");
            Assert.True(match.Success, $"unexpected first line: '{ready}'");

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{match.Groups[1].Value}/") };
            Assert.Equal("ok", await client.GetStringAsync("/health"));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
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
