using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Bench.Tests.Peers;

/// <summary>One peer target as src/Servers/python/targets.json launches it: an argv with "{port}", run from the repository root.</summary>
internal sealed record PeerTarget(string Name, string Model, string? Framework, IReadOnlyList<string> Command)
{
    public bool IsAsgi => Model == "asgi";

    public static readonly string RepoRoot = FindRepoRoot();

    /// <summary>The launch commands the suites copy, read from the same file so the tests run exactly those.</summary>
    public static readonly IReadOnlyList<PeerTarget> All = Load();

    public static PeerTarget Named(string name) => All.Single(t => t.Name == name);

    private static IReadOnlyList<PeerTarget> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "src/Servers/python/targets.json")));
        return doc.RootElement.GetProperty("targets").EnumerateArray().Select(t => new PeerTarget(
            t.GetProperty("name").GetString()!,
            t.GetProperty("model").GetString()!,
            t.TryGetProperty("framework", out var f) ? f.GetString() : null,
            t.GetProperty("command").EnumerateArray().Select(a => a.GetString()!).ToArray())).ToArray();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bench.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no Bench.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// A peer server running as a child process on a free loopback port. Stopping sends SIGTERM to the
/// process it started (gunicorn's master stops its own workers; uvicorn runs in that process) and
/// kills that process tree only if it has not exited within the stop timeout.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private PeerProcess(PeerTarget target, int port, Process process)
    {
        Target = target;
        Port = port;
        _process = process;
    }

    public PeerTarget Target { get; }
    public int Port { get; }
    public int Pid => _process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string OutputTail
    {
        get { lock (_output) return string.Join("\n", _output); }
    }

    /// <summary>Starts the target and waits until GET /health answers 200; one retry on a fresh port if the first was taken meanwhile.</summary>
    public static async Task<PeerProcess> StartAsync(PeerTarget target, TimeSpan timeout)
    {
        for (int attempt = 1; ; attempt++)
        {
            var peer = Launch(target, FreeLoopbackPort());
            try
            {
                await peer.WaitForHealthAsync(timeout);
                return peer;
            }
            catch (Exception) when (attempt == 1 && peer._process.HasExited)
            {
                await peer.DisposeAsync();
            }
            catch (Exception)
            {
                await peer.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Binds port 0 to let the kernel pick a free port, then releases it for the child.</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static PeerProcess Launch(PeerTarget target, int port)
    {
        var argv = target.Command.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
        var psi = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = PeerTarget.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1)) psi.ArgumentList.Add(arg);
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONUNBUFFERED"] = "1";
        var process = new Process { StartInfo = psi };
        var peer = new PeerProcess(target, port, process);
        process.OutputDataReceived += (_, e) => peer.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 40) _output.Dequeue();
        }
    }

    private async Task WaitForHealthAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Target.Name} exited with {_process.ExitCode} before answering /health:\n{OutputTail}");
            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Target.Name} did not answer /health on port {Port} within {timeout.TotalSeconds} s:\n{OutputTail}");
            await Task.Delay(50);
        }
    }

    /// <summary>A client whose idle connections are dropped before gunicorn's 2 s keep-alive ends them.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(1),
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>The pid that answers requests is the one started, or one of its children (gunicorn's workers).</summary>
    public bool IsOwnProcess(int pid)
    {
        if (pid == _process.Id) return true;
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == _process.Id;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill(_process.Id, SigTerm);
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(stop.Token); }
                catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
