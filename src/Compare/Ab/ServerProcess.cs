using System.Diagnostics;
using System.Text.RegularExpressions;
using Bench.Suites;

namespace Bench.Compare.Ab;

/// <summary>
/// One side's bench-server, started from that side's own Release build on a free loopback port,
/// pinned by taskset from its first instruction (so every runtime thread inherits the CPU), and
/// stopped with SIGTERM — a kill only after a grace period, and only of this PID.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public static string BinaryIn(string checkout) => Path.Combine(checkout, "src", "Servers", "bin", "Release", "net10.0", "bench-server");

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Ready();

    public static async Task<ServerProcess> StartAsync(string checkout, string target, int? cpu, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        string binary = BinaryIn(checkout);
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary}: not built (run without --no-build)");
        var start = new ProcessStartInfo
        {
            FileName = cpu is null ? binary : "taskset",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (cpu is { } c)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(binary);
        }
        foreach (var arg in new[] { target, "--host", "127.0.0.1", "--port", "0" }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary}: could not start");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        ServerProcess? server = null;
        var tail = new Queue<string>();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20) tail.Dequeue();
            }
            if (Ready().Match(line) is { Success: true } m && Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var url)) ready.TrySetResult(url);
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(ready.Task, exited).ConfigureAwait(false);
            if (first != ready.Task) throw new InvalidOperationException($"{target} from {checkout} exited before it was ready: {string.Join(" | ", tail)}");
            server = new ServerProcess(process, await ready.Task.ConfigureAwait(false));
            return server;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{target} from {checkout} printed no ready line within 30 s: {string.Join(" | ", tail)}");
        }
        finally
        {
            if (server is null) Stop(process);
        }
    }

    /// <summary>Threads of the server process now (/proc/PID/status), or 0 where /proc is missing.</summary>
    public int Threads()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
                if (line.StartsWith("Threads:", StringComparison.Ordinal) && int.TryParse(line.AsSpan(8).Trim(), out int n)) return n;
        }
        catch (IOException)
        {
        }
        return 0;
    }

    public ValueTask DisposeAsync()
    {
        Stop(_process);
        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        using (process)
        {
            if (process.HasExited) return;
            ProcessSignals.Terminate(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill();
        }
    }
}
