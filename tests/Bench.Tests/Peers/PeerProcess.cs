using System.Net;
using System.Text.Json;
using Bench.Suites;

namespace Bench.Tests.Peers;

/// <summary>One peer target as src/Servers/python/targets.json launches it: an argv with "{port}", run from the repository root.</summary>
internal sealed record PeerTarget(string Name, string Model, string? Framework, IReadOnlyList<string> Command)
{
    public bool IsAsgi => Model == "asgi";

    public static readonly string RepoRoot = RepoPaths.Root;

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
}

/// <summary>
/// A peer server running as a child process on a free loopback port, started and stopped by the one
/// target launcher the suites use (<see cref="TargetProcess"/>: ready on /health; SIGTERM to the process
/// it started — gunicorn's master stops its own workers, uvicorn runs in that process — and the tree
/// killed only if it has not exited within the stop timeout).
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly TargetProcess _process;

    private PeerProcess(PeerTarget target, TargetProcess process)
    {
        Target = target;
        _process = process;
    }

    public PeerTarget Target { get; }
    public int Port => _process.BaseUrl.Port;
    public int Pid => _process.Pid!.Value;
    public Uri BaseAddress => _process.BaseUrl;

    public string OutputTail => string.Join("\n", _process.Output);

    /// <summary>Starts the target and waits until GET /health answers 200; one retry on a fresh port if the first was taken meanwhile.</summary>
    public static async Task<PeerProcess> StartAsync(PeerTarget target, TimeSpan timeout)
    {
        var spec = new TargetSpec
        {
            Name = target.Name,
            Kind = TargetKinds.Command,
            Model = target.Model,
            Framework = target.Framework,
            Command = target.Command,
            Url = "http://127.0.0.1:{port}/",
            Environment = new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONUNBUFFERED"] = "1" },
            StartTimeout = timeout,
        };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return new PeerProcess(target, await TargetProcess.StartAsync(spec, serverPath: null, cpus: null, CancellationToken.None));
            }
            catch (TargetFailedException ex) when (attempt == 1 && ex.ExitCode is not null)
            {
                // Exited before it was healthy: most likely the free port was taken between probe and bind.
            }
            catch (TargetFailedException ex)
            {
                throw new InvalidOperationException($"{target.Name}: {ex.Message}:\n{string.Join("\n", ex.Output)}", ex);
            }
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
        if (pid == Pid) return true;
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == Pid;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
