using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.Suites.Sampling;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// Runs one cell: starts the target pinned to its CPU, waits for /health, samples it every
/// second, runs warm-up and the measured phase, stops it. Every outcome is a
/// <see cref="CellResult"/>: a target that fails to start or crashes is a failed cell, never an
/// exception that would end the suite.
/// </summary>
public sealed class CellRunner(SuiteRunOptions options)
{
    public async Task<CellResult> RunAsync(SuiteCell cell, IRunObserver engineObserver, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var result = Describe(cell, started);
        if (cell.Scenario.Factory is null)
            return result with { Status = CellStatus.Skipped, Reason = $"scenario not available: {cell.Scenario.UnavailableReason}", EndedAt = DateTimeOffset.UtcNow };
        if (Requirements.Missing(cell.Target) is { } missing)
            return result with { Status = CellStatus.Skipped, Reason = $"target not available: {missing}", EndedAt = DateTimeOffset.UtcNow };

        TargetProcess target;
        try
        {
            target = await TargetProcess.StartAsync(cell.Target, options.ServerPath, options.TargetCpus.Count > 0 ? options.TargetCpus : null, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetFailedException ex)
        {
            return result with { Status = CellStatus.Failed, Reason = ex.Message, TargetOutput = ex.Output, TargetExitCode = ex.ExitCode, EndedAt = DateTimeOffset.UtcNow };
        }
        catch (OperationCanceledException)
        {
            return result with { Status = CellStatus.Interrupted, Reason = "interrupted while the target was starting", EndedAt = DateTimeOffset.UtcNow };
        }

        await using (target.ConfigureAwait(false))
        {
            result = result with
            {
                Target = result.Target with { CommandLine = target.CommandLine, Url = target.BaseUrl.ToString(), Pid = target.Pid },
            };
            var statsUrl = cell.Target.HasStats ? new Uri(target.BaseUrl, "/stats") : null;
            var sampler = new ServerSampler(target.Pid, statsUrl);
            SamplerMarks? marks = null;
            RunResult? run = null;
            string? runError = null;
            bool crashed;
            SettledMemory? settled = null;
            await using (sampler.ConfigureAwait(false))
            {
                sampler.Start();
                using var crashOrStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // A crash ends the run at once instead of loading a dead port until the duration ends.
                _ = target.Exited.ContinueWith(_ =>
                {
                    try
                    {
                        crashOrStop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }, TaskScheduler.Default);
                IScenario? scenario = null;
                try
                {
                    marks = target.Pid is { } pid ? new SamplerMarks(sampler, pid, statsUrl, crashOrStop.Token) : null;
                    IRunObserver observer = marks is null ? engineObserver : new CompositeObserver(engineObserver, marks);
                    if (cell.Group.Processes > 1)
                    {
                        run = await new CellShards(options).RunAsync(cell, target.BaseUrl, observer, crashOrStop.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        scenario = cell.Scenario.Factory(target.BaseUrl);
                        var plan = cell.PlanFor(scenario, options.LoadgenCpus.Count > 0 ? options.LoadgenCpus : null);
                        run = scenario is IMixedScenario mixed
                            ? await new MixedRunner().RunAsync(mixed.Parts(plan), observer, crashOrStop.Token).ConfigureAwait(false)
                            : await new LoadRunner().RunAsync(plan, observer, crashOrStop.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is PlanValidationException or InvalidOperationException or System.Net.Sockets.SocketException)
                {
                    runError = ex.Message;
                }
                finally
                {
                    (scenario as IDisposable)?.Dispose();
                }
                await sampler.SampleNowAsync(CancellationToken.None).ConfigureAwait(false);
                sampler.MarkPhase("stop");
                settled = marks is null ? null : await marks.Settled.ConfigureAwait(false);
                crashed = target.Exited.IsCompleted;
            }
            var samples = sampler.Samples;
            int? exitCode = await target.StopAsync().ConfigureAwait(false);
            var summary = ServerSummaries.Of(samples, run?.Totals.Requests) is { } s ? s with { Settled = settled } : null;
            result = result with { Run = run, Samples = samples, Server = summary, TargetExitCode = exitCode, EndedAt = DateTimeOffset.UtcNow };
            // Ctrl-C on a terminal reaches the target too (same process group), so an interruption
            // is checked first: the target's exit is then ours, not a crash.
            if (cancellationToken.IsCancellationRequested)
                return result with { Status = CellStatus.Interrupted, Reason = "interrupted (SIGINT)" };
            if (crashed)
                return result with { Status = CellStatus.Failed, Reason = $"target exited during the run (exit code {exitCode?.ToString() ?? "?"})", TargetOutput = target.Output };
            if (runError is not null)
                return result with { Status = CellStatus.Failed, Reason = runError, TargetOutput = target.Output };
            return result with { Status = CellStatus.Completed };
        }
    }

    private CellResult Describe(SuiteCell cell, DateTimeOffset started) => new()
    {
        Index = cell.Index,
        Id = cell.Id,
        Group = cell.Group.Name,
        Claim = cell.Group.Claim,
        Target = new CellTarget(cell.Target.Name, cell.Target.Kind, cell.Target.Model, cell.Target.Framework, cell.Target.Options,
            null, cell.Target.Url, cell.Target.Pid, options.TargetCpus.Count > 0 ? options.TargetCpus : null),
        Scenario = new CellScenario(cell.Scenario.Name, cell.Scenario.Kind, null, cell.Scenario.Options),
        Connections = cell.Connections,
        Rate = cell.Rate,
        Repeat = cell.Repeat,
        WarmupSeconds = cell.Timing.Warmup.TotalSeconds,
        DurationSeconds = cell.Model.Duration.TotalSeconds,
        Status = CellStatus.Interrupted,
        StartedAt = started,
    };

    /// <summary>
    /// Moves the sampler's time origin to the measured phase's start, so both series share one axis, and
    /// takes the settled memory reading (<see cref="MemorySettle"/>) most of the way through that phase.
    /// </summary>
    private sealed class SamplerMarks(ServerSampler sampler, int pid, Uri? statsUrl, CancellationToken stop) : IRunObserver
    {
        public Task<SettledMemory?> Settled { get; private set; } = Task.FromResult<SettledMemory?>(null);

        public void OnPhase(string phase, TimeSpan duration)
        {
            if (phase != "measure") return;
            sampler.MarkMeasureStart();
            _ = sampler.SampleNowAsync();
            Settled = SettleLaterAsync(duration * MemorySettle.AtShareOfMeasure);
        }

        private async Task<SettledMemory?> SettleLaterAsync(TimeSpan after)
        {
            try
            {
                await Task.Delay(after, stop).ConfigureAwait(false);
                return await MemorySettle.TakeAsync(pid, statsUrl, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }
}
