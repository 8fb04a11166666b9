using System.Globalization;
using System.Text.Json;
using Bench.Suites;
using Xunit;

namespace Bench.Tests.Servers.Support;

/// <summary>
/// The built <c>bench-server</c> in its own process (for what needs one: process limits, CPU time, its
/// log, its exit code), started by the one target launcher (<see cref="TargetProcess"/>: ready line,
/// /health, SIGTERM then kill). Optionally under a wrapper such as <c>prlimit --nofile=256:256</c> that
/// execs it, so the wrapper's PID is the server's. Keeps every line it printed (the launcher keeps
/// only a tail). Disposing stops it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Output _output;

    private ServerProcess(TargetProcess target, Output output)
    {
        Target = target;
        _output = output;
    }

    public TargetProcess Target { get; }

    public Uri BaseUrl => Target.BaseUrl;

    public int Port => Target.BaseUrl.Port;

    public int Pid => Target.Pid!.Value;

    public bool HasExited => Target.Exited.IsCompleted;

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string Stderr => _output.Text(error: true);

    /// <summary>The lines the server wrote to stdout so far.</summary>
    public IReadOnlyList<string> Stdout => _output.Lines(error: false);

    /// <summary>The bench-server apphost the test project's reference puts next to the tests.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "bench-server");

    public static Task<ServerProcess> StartAsync(string kind, params string[] args) => StartAsync([], kind, args);

    /// <summary>Starts <c>bench-server KIND ARGS</c> (under <paramref name="wrapper"/> if given) and waits until it is ready and healthy.</summary>
    public static async Task<ServerProcess> StartAsync(string[] wrapper, string kind, params string[] args)
    {
        var output = new Output();
        try
        {
            return new ServerProcess(await TargetProcess.StartAsync(Spec(wrapper, kind, args), Executable, cpus: null, output.Add, CancellationToken.None), output);
        }
        catch (TargetFailedException e)
        {
            throw new InvalidOperationException($"bench-server {kind} {string.Join(' ', args)}: {e.Message}; stderr: {output.Text(error: true)}", e);
        }
    }

    /// <summary>
    /// Runs <c>bench-server KIND ARGS</c> that is expected to exit without serving (bad options, --help):
    /// its exit code and every line it printed on each stream.
    /// </summary>
    public static async Task<(int? ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)> RunToExitAsync(string kind, params string[] args)
    {
        var output = new Output();
        try
        {
            await using var started = await TargetProcess.StartAsync(Spec([], kind, args), Executable, cpus: null, output.Add, CancellationToken.None);
        }
        catch (TargetFailedException e)
        {
            // The launcher waited for the process (and so for its output) before it gave up.
            return (e.ExitCode, output.Lines(error: false), output.Lines(error: true));
        }
        Assert.Fail($"bench-server {kind} {string.Join(' ', args)} started serving instead of exiting");
        return default;
    }

    /// <summary>One counter of the server's /stats now (open_websockets, active_requests...).</summary>
    public async Task<long> StatAsync(string counter)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var stats = JsonDocument.Parse(await client.GetStringAsync(new Uri(BaseUrl, "/stats")));
        return stats.RootElement.GetProperty(counter).GetInt64();
    }

    /// <summary>User plus system CPU time the process has used, from /proc (clock ticks of 10 ms).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            if (HasExited) Assert.Fail($"the server exited; stderr: {Stderr}");
            var stat = File.ReadAllText($"/proc/{Target.Pid}/stat");
            // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
    }

    /// <summary>SIGTERM, then the server's own graceful shutdown (killed only past 30 s); its exit code.</summary>
    public Task<int?> StopAsync() => Target.StopAsync();

    /// <summary>SIGKILL at once, for a test that needs a server that dies without a word.</summary>
    public void Kill() => Target.Kill();

    public ValueTask DisposeAsync() => Target.DisposeAsync();

    /// <summary>
    /// A built-in target, or under a wrapper a command target (the launcher picks the port and polls
    /// /health, since the wrapper's argv is not bench-server's).
    /// </summary>
    private static TargetSpec Spec(string[] wrapper, string kind, string[] args) => wrapper.Length == 0
        ? new TargetSpec { Name = kind, Kind = kind, Model = kind, ServerArgs = args, StopTimeout = TimeSpan.FromSeconds(30) }
        : new TargetSpec
        {
            Name = kind,
            Kind = TargetKinds.Command,
            Model = kind,
            Command = [.. wrapper, Executable, kind, "--port", "{port}", .. args],
            Url = "http://127.0.0.1:{port}",
            StopTimeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Every line, in order, with its stream; read while the process still writes.</summary>
    private sealed class Output
    {
        private readonly List<TargetLine> _lines = [];

        public void Add(TargetLine line)
        {
            lock (_lines) _lines.Add(line);
        }

        public IReadOnlyList<string> Lines(bool error)
        {
            lock (_lines) return _lines.Where(l => l.IsError == error).Select(l => l.Text).ToList();
        }

        public string Text(bool error) => string.Join('\n', Lines(error));
    }
}
