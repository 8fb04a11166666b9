using System.Diagnostics;
using Bench.Load.Merge;
using Bench.Load.Models;
using Bench.Load.Results;

namespace Bench.Load.Scale;

/// <summary>One shard process to start: its arguments after the loadgen binary, and where its results go.</summary>
public sealed record ShardLaunch(Shard Shard, IReadOnlyList<string> Arguments, string ResultsFile, string LogFile);

/// <summary>What became of the shard processes: the merged run, or the one line why there is none.</summary>
public sealed record FanOutOutcome(RunResult? Merged, string? Error, int ExitCode, IReadOnlyList<int> Pids);

/// <summary>
/// Runs the shards of one run as separate loadgen processes on this machine (<c>--processes P</c>):
/// each has its own descriptor limit, so P processes hold P times the connections one can. They
/// start as <c>--start-at -</c>: each builds and checks its plan, says it is ready and waits for the
/// start time on standard input; once all are ready they get one time 500 ms ahead, so none starts
/// late because another was slow to load. Then it waits for them and merges their files as
/// <c>loadgen merge</c> does. Ctrl-C reaches the children (same process group); a cancelled token
/// sends them SIGINT, so they write interrupted results rather than nothing.
/// </summary>
public static class ShardProcesses
{
    public const string ReadyLine = "ready, waiting for the start time on standard input";

    /// <summary>The most shard processes one run starts (<c>--processes</c>, a suite group's <c>processes</c>).</summary>
    public const int MaxProcesses = 64;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(500);

    /// <param name="started">Told the start time every shard was given, once all were ready (a suite cell times its server samples by it).</param>
    public static async Task<FanOutOutcome> RunAsync(IReadOnlyList<string> loadgen, IReadOnlyList<ShardLaunch> launches, DateTimeOffset? startAt, TextWriter stdout, CancellationToken cancellationToken,
        Action<DateTimeOffset>? started = null)
    {
        var children = new List<Child>();
        try
        {
            foreach (var launch in launches) children.Add(Child.Start(loadgen, launch));
            stdout.WriteLine($"loadgen: {children.Count} shard processes (pids {string.Join(", ", children.Select(c => c.Pid))}), logs in {Path.GetDirectoryName(launches[0].LogFile)}");

            // Everyone ready, or the first one that gave up says why.
            using var readyLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            readyLimit.CancelAfter(ReadyTimeout);
            foreach (var c in children)
            {
                var failed = await c.WaitReadyAsync(readyLimit.Token).ConfigureAwait(false);
                if (failed is not null)
                {
                    await StopAllAsync(children).ConfigureAwait(false);
                    return new FanOutOutcome(null, failed, c.ExitCode is 2 ? 2 : 3, children.Select(x => x.Pid).ToArray());
                }
            }
            // A time the user gave (--start-at) stands; otherwise just ahead of now, since all are waiting.
            var at = startAt ?? DateTimeOffset.UtcNow + Lead;
            string start = StartTime.Format(at);
            foreach (var c in children) await c.SendStartAsync(start).ConfigureAwait(false);
            started?.Invoke(StartTime.TryParse(start, out var sent, out _) ? sent : at);
            stdout.WriteLine($"loadgen: all {children.Count} shards start at {start}");

            using var onCancel = cancellationToken.Register(() => { foreach (var c in children) c.Interrupt(); });
            await Task.WhenAll(children.Select(c => c.ExitedAsync())).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAllAsync(children).ConfigureAwait(false);
            return new FanOutOutcome(null, "interrupted before every shard was ready", 3, children.Select(x => x.Pid).ToArray());
        }
        finally
        {
            foreach (var c in children) c.Dispose();
        }

        var files = new List<ShardFile>();
        foreach (var (launch, child) in launches.Zip(children))
        {
            if (!File.Exists(launch.ResultsFile))
                return new FanOutOutcome(null, $"shard {launch.Shard} (pid {child.Pid}) exited with code {child.ExitCode} and wrote no results: {child.LastError ?? "see " + launch.LogFile}",
                    child.ExitCode is 2 ? 2 : 3, children.Select(x => x.Pid).ToArray());
            files.Add(new ShardFile(launch.ResultsFile, ResultsFile.Read(launch.ResultsFile)));
        }
        var merged = RunMerger.Merge(files);
        return new FanOutOutcome(merged, null, merged.ExitCode ?? 3, children.Select(x => x.Pid).ToArray());
    }

    private static async Task StopAllAsync(List<Child> children)
    {
        foreach (var c in children) c.Interrupt();
        foreach (var c in children) await c.ExitedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>A started shard process: its output goes to its log file; stderr's last line is kept for the error message.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _pumps;

        private Child(Process process, StreamWriter log)
        {
            _process = process;
            _log = log;
            Pid = process.Id;
            _pumps = Task.WhenAll(PumpAsync(process.StandardOutput, isError: false), PumpAsync(process.StandardError, isError: true));
        }

        public int Pid { get; }

        public int? ExitCode => _exitCode;

        private int? _exitCode;

        public string? LastError { get; private set; }

        public static Child Start(IReadOnlyList<string> loadgen, ShardLaunch launch)
        {
            var psi = new ProcessStartInfo(loadgen[0])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in loadgen.Skip(1).Concat(launch.Arguments)) psi.ArgumentList.Add(a);
            // Plain progress lines into the log, not a live display.
            psi.Environment["CI"] = "1";
            var process = Process.Start(psi) ?? throw new InvalidOperationException($"{loadgen[0]}: could not start");
            return new Child(process, new StreamWriter(launch.LogFile) { AutoFlush = true });
        }

        private async Task PumpAsync(StreamReader reader, bool isError)
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_log) _log.WriteLine(isError ? "stderr: " + line : line);
                if (isError && line.Length > 0) LastError = line.StartsWith("loadgen: ", StringComparison.Ordinal) ? line["loadgen: ".Length..] : line;
                if (!isError && line.EndsWith(ReadyLine, StringComparison.Ordinal)) _ready.TrySetResult(true);
            }
            if (!isError) _ready.TrySetResult(false);
        }

        /// <summary>Null once ready; otherwise why it never will be.</summary>
        public async Task<string?> WaitReadyAsync(CancellationToken cancellationToken)
        {
            bool ready;
            try
            {
                ready = await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return $"shard process {Pid} was not ready within {ReadyTimeout.TotalSeconds:0} s";
            }
            if (ready) return null;
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await _pumps.ConfigureAwait(false);
            _exitCode = _process.ExitCode;
            return LastError ?? $"shard process {Pid} exited with code {_process.ExitCode} before it was ready";
        }

        public async Task SendStartAsync(string start)
        {
            await _process.StandardInput.WriteLineAsync(start).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            _process.StandardInput.Close();
        }

        public void Interrupt()
        {
            if (!_process.HasExited) Signals.Interrupt(_process.Id);
        }

        public async Task ExitedAsync(TimeSpan? limit = null)
        {
            if (limit is { } l)
            {
                using var cts = new CancellationTokenSource(l);
                try
                {
                    await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            else
            {
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await _pumps.ConfigureAwait(false);
            _exitCode = _process.ExitCode;
        }

        public void Dispose()
        {
            lock (_log) _log.Dispose();
            _process.Dispose();
        }
    }
}
