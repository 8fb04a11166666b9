using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Bench.Suites;

/// <summary>Why a target could not be started or used; carries its last output lines.</summary>
public sealed class TargetFailedException(string message, IReadOnlyList<string> output, int? exitCode = null) : Exception(message)
{
    public IReadOnlyList<string> Output { get; } = output;

    public int? ExitCode { get; } = exitCode;
}

/// <summary>One line a started target printed, and whether it came on stderr.</summary>
public readonly record struct TargetLine(string Text, bool IsError);

/// <summary>
/// The one launcher of a target (suites, <c>loadgen ab</c>, the tests' peers): starts bench-server or a
/// command on a free loopback port (or attaches to a URL), pinned from its first instruction by taskset
/// when CPUs are given, waits for the ready line (built-ins) and for /health, and keeps its last output
/// lines. Stopping sends SIGTERM and, after the grace period, kills the whole tree — only of the
/// process this object started.
/// </summary>
public sealed partial class TargetProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly OutputTail _tail = new();
    private readonly TimeSpan _stopTimeout;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<TargetLine>? _onLine;
    private int? _exitCode;

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^certificate sha256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\b")]
    private static partial Regex CertificateLine();

    private TargetProcess(Process? process, TimeSpan stopTimeout, int? pid, Action<TargetLine>? onLine = null)
    {
        _process = process;
        _onLine = onLine;
        _stopTimeout = stopTimeout;
        Pid = pid;
    }

    public int? Pid { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<string>? CommandLine { get; private init; }

    public IReadOnlyList<string> Output => _tail.Lines;

    /// <summary>The SHA-256 fingerprint a built-in HTTPS target printed for its self-signed certificate; null otherwise.</summary>
    public string? CertificateFingerprint { get; private set; }

    /// <summary>Completes when the started process exits (never for url targets).</summary>
    public Task Exited { get; private init; } = new TaskCompletionSource().Task;

    public int? ExitCode => _exitCode;

    public static Task<TargetProcess> StartAsync(TargetSpec spec, string? serverPath, IReadOnlyList<int>? cpus, CancellationToken cancellationToken) =>
        StartAsync(spec, serverPath, cpus, onLine: null, cancellationToken);

    /// <summary>
    /// As above; <paramref name="onLine"/> sees every line the process prints, from its first, with the
    /// stream it came on (the launcher itself keeps only the last lines, for failures). A built-in gets
    /// <c>--port 0</c> unless its ServerArgs name a port (servers sharing one with --reuse-port).
    /// </summary>
    public static async Task<TargetProcess> StartAsync(TargetSpec spec, string? serverPath, IReadOnlyList<int>? cpus, Action<TargetLine>? onLine, CancellationToken cancellationToken)
    {
        if (spec.Kind == TargetKinds.Url)
        {
            var attached = new TargetProcess(null, spec.StopTimeout, spec.Pid) { CommandLine = null };
            attached.BaseUrl = new Uri(spec.Url!);
            await attached.WaitHealthyAsync(spec, cancellationToken).ConfigureAwait(false);
            return attached;
        }

        int port = spec.IsBuiltIn ? 0 : FreePort();
        string[] anyPort = spec.ServerArgs.Contains("--port") ? [] : ["--port", "0"];
        var argv = spec.IsBuiltIn
            ? new List<string> { serverPath ?? throw new TargetFailedException("bench-server not found (build it, or set BENCH_SERVER)", []), spec.Kind }
                .Concat(anyPort).Concat(spec.ServerArgs).ToList()
            : spec.Command!.Select(a => a.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        bool taskset = cpus is { Count: > 0 } && File.Exists("/usr/bin/taskset");
        var launch = taskset ? new List<string> { "/usr/bin/taskset", "-c", string.Join(",", cpus!) }.Concat(argv).ToList() : argv;

        var psi = new ProcessStartInfo(launch[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in launch.Skip(1)) psi.ArgumentList.Add(a);
        if (spec.Environment is not null)
            foreach (var (k, v) in spec.Environment) psi.Environment[k] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        try
        {
            if (!process.Start()) throw new TargetFailedException($"cannot start {launch[0]}", []);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new TargetFailedException($"cannot start {launch[0]}: {ex.Message}", []);
        }
        var target = new TargetProcess(process, spec.StopTimeout, process.Id, onLine) { CommandLine = launch, Exited = exited.Task };
        process.OutputDataReceived += (_, e) => target.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => target.OnLine(e.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (cpus is { Count: > 0 } && !taskset) ProcessSignals.PinAllThreads(process.Id, cpus);

        try
        {
            if (spec.IsBuiltIn)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(spec.StartTimeout);
                var first = await Task.WhenAny(target._ready.Task, exited.Task, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
                if (first != target._ready.Task)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw await target.FailureAsync(exited.Task.IsCompleted ? "exited before it was ready" : $"printed no ready line within {spec.StartTimeout.TotalSeconds:0}s");
                }
                target.BaseUrl = await target._ready.Task.ConfigureAwait(false);
            }
            else
            {
                target.BaseUrl = new Uri(spec.Url!.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }
            await target.WaitHealthyAsync(spec, cancellationToken).ConfigureAwait(false);
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null) return;
        _tail.Add(line);
        if (CertificateFingerprint is null && CertificateLine().Match(line) is { Success: true } c) CertificateFingerprint = c.Groups[1].Value;
        _onLine?.Invoke(new TargetLine(line, isError));
        if (!_ready.Task.IsCompleted && ReadyLine().Match(line) is { Success: true } m && Uri.TryCreate(m.Groups[1].Value, UriKind.Absolute, out var url))
            _ready.TrySetResult(url);
    }

    /// <summary>
    /// The failure with the target's last lines. When it has exited, its last lines may still be in the
    /// pipes (the exit is seen before the output): wait for the output to end, briefly, since a child
    /// it left behind may hold the pipes open.
    /// </summary>
    private async Task<TargetFailedException> FailureAsync(string why)
    {
        if (_process is { HasExited: true })
        {
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _process.WaitForExitAsync(drained.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            _exitCode = _process.ExitCode;
        }
        string code = _exitCode is { } c ? $" (exit code {c})" : "";
        return new TargetFailedException($"target {why}{code}", _tail.Lines, _exitCode);
    }

    /// <summary>Polls the health path until it answers 200, the process exits, or the start timeout passes.</summary>
    private async Task WaitHealthyAsync(TargetSpec spec, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        // An HTTPS target is trusted by the fingerprint it printed, or by the authority the spec names.
        if (BaseUrl.Scheme == Uri.UriSchemeHttps)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                TargetTrust.Accepts(certificate, errors, CertificateFingerprint, spec.CaFile);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        // A built-in started with --h2c speaks only HTTP/2 with prior knowledge on plaintext (HTTP/1.1 gets 400).
        if (spec.IsBuiltIn && spec.ServerArgs.Contains("--h2c"))
        {
            client.DefaultRequestVersion = HttpVersion.Version20;
            client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        var health = new Uri(BaseUrl, spec.HealthPath);
        var deadline = Stopwatch.GetTimestamp() + (long)(spec.StartTimeout.TotalSeconds * Stopwatch.Frequency);
        string last = "no answer";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Exited.IsCompleted) throw await FailureAsync($"exited while waiting for {spec.HealthPath}");
            try
            {
                using var response = await client.GetAsync(health, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"status {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        throw await FailureAsync($"did not answer {health} with 200 within {spec.StartTimeout.TotalSeconds:0}s (last: {last})");
    }

    /// <summary>SIGTERM, then SIGKILL after the grace period. Returns the exit code, if there was a process.</summary>
    public async Task<int?> StopAsync()
    {
        if (_process is null) return null;
        try
        {
            if (!_process.HasExited)
            {
                ProcessSignals.Terminate(_process.Id);
                if (await Task.WhenAny(Exited, Task.Delay(_stopTimeout)).ConfigureAwait(false) != Exited)
                {
                    _tail.Add($"[loadgen] no exit {_stopTimeout.TotalSeconds:0}s after SIGTERM: SIGKILL");
                    _process.Kill(entireProcessTree: true);
                }
            }
            await _process.WaitForExitAsync().ConfigureAwait(false);
            _exitCode = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
        }
        return _exitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process?.Dispose();
    }

    /// <summary>SIGKILL to the started process tree at once, for a test that needs a server that dies without a word.</summary>
    public void Kill()
    {
        try
        {
            if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Threads of the started process now (/proc/PID/status); 0 where /proc is missing or for url targets.</summary>
    public int Threads()
    {
        if (Pid is not { } pid) return 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("Threads:", StringComparison.Ordinal) && int.TryParse(line.AsSpan(8).Trim(), out int n)) return n;
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
