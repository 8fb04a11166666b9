using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Bench.Tests.Servers.Support;

/// <summary>
/// The built <c>bench-server</c> in its own process (for what needs one: process limits, CPU time,
/// its log), optionally under a wrapper such as <c>prlimit --nofile=256:256</c> that execs it, so the
/// wrapper's PID is the server's. Disposing ends it.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process) => Process = process;

    public Process Process { get; }
    public int Port { get; private set; }

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static async Task<ServerProcess> StartAsync(string[] wrapper, params string[] args)
    {
        var info = new ProcessStartInfo(wrapper.Length > 0 ? wrapper[0] : DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in wrapper.Skip(1)) info.ArgumentList.Add(arg);
        if (wrapper.Length > 0) info.ArgumentList.Add(DotnetHost);
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bench-server.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var server = new ServerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start bench-server"));
        server.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server._stderr) server._stderr.AppendLine(e.Data); };
        server.Process.BeginErrorReadLine();
        var ready = await server.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var match = Regex.Match(ready ?? "", "^listening on http://127\\.0\\.0\\.1:([0-9]+)$");
        Assert.True(match.Success, $"unexpected first line: '{ready}'; stderr: {server.Stderr}");
        server.Port = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return server;
    }

    /// <summary>User plus system CPU time the process has used, from /proc (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            if (Process.HasExited) Assert.Fail($"the server exited with code {Process.ExitCode}; stderr: {Stderr}");
            var stat = File.ReadAllText($"/proc/{Process.Id}/stat");
            // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
    }

    /// <summary>SIGTERM, then waits for the exit (the server's own graceful shutdown).</summary>
    public async Task StopAsync()
    {
        if (Process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The dotnet host running the tests (set by the SDK), else the one on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill();
        Process.Dispose();
    }
}
