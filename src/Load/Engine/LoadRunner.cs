using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;

namespace Bench.Load.Engine;

/// <summary>
/// Runs a <see cref="RunPlan"/> in-process: optional warm-up, the measured phase with one
/// sample per second, graceful stop, then the verdict. The CLI, the suite runner and tests
/// all call this.
/// <code>
/// using var http = new HttpScenario(new HttpTarget { Url = new("http://127.0.0.1:8080/hello") });
/// var result = await new LoadRunner().RunAsync(new RunPlan { Scenario = http, Model = new ConstantRate { Rate = 2000, Duration = TimeSpan.FromSeconds(5), Vus = 50 } });
/// </code>
/// </summary>
public sealed class LoadRunner
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private sealed class NoObserver : IRunObserver;

    /// <exception cref="PlanValidationException">The plan has invalid fields; nothing was sent.</exception>
    public async Task<RunResult> RunAsync(RunPlan plan, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var problems = plan.Validate();
        if (problems.Count > 0) throw new PlanValidationException(problems);
        observer ??= new NoObserver();

        var metrics = new RunMetrics { Stream = (plan.Scenario as ISessionScenario)?.CreateMetrics(plan.Model.MaxVus), Tls = plan.Scenario.Tls };
        var machine = MachineProbe.Describe();
        var assembler = new ResultAssembler(plan, metrics, machine, DateTimeOffset.UtcNow);
        await using var pool = new VuPool(plan.Scenario, metrics, plan.Timeout, plan.Model.MaxVus);

        if (plan.StartAt is { } startAt)
        {
            await StartGate.WaitUntilAsync(startAt, cancellationToken).ConfigureAwait(false);
            assembler.StartSkewMs = (DateTimeOffset.UtcNow - startAt).TotalMilliseconds;
        }
        if (plan.Model is IShardedModel { Empty: true })
        {
            // Fewer VUs than shards: this one has none. Its file still says so, and merge counts it present.
            assembler.MeasuredFrom = DateTimeOffset.UtcNow;
            var empty = assembler.Build([], 0, 0, 0, Environment.ProcessorCount, cancellationToken.IsCancellationRequested ? RunStatus.Interrupted : RunStatus.Completed);
            observer.OnCompleted(empty);
            return empty;
        }

        // The lag probe runs from before the warm-up, so its own first ticks (JIT, timer start) fall
        // outside the measured phase; only ticks that begin inside it are recorded.
        using var lagStop = new CancellationTokenSource();
        var probe = new LagProbe(metrics.SchedulerLag);
        var lagProbe = probe.RunAsync(lagStop.Token);

        if (plan.Warmup > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            observer.OnPhase("warmup", plan.Warmup);
            using var warm = new Phase(Clock.Now, plan.Warmup, record: false);
            await RunPhaseAsync(IExecutor.For(plan.Model, pool, metrics, plan.Timeout), warm, plan, pool, cancellationToken).ConfigureAwait(false);
        }

        observer.OnPhase("measure", plan.Model.Duration);
        metrics.Steps.Recording = true;
        if (metrics.Tls is not null) metrics.Tls.Recording = true;
        var executor = IExecutor.For(plan.Model, pool, metrics, plan.Timeout);
        var cpu = new CpuMeter();
        using var phase = new Phase(Clock.Now, plan.Model.Duration, record: true);
        probe.RecordFrom(phase.StartTimestamp);
        assembler.MeasuredFrom = DateTimeOffset.UtcNow;
        var sampler = new IntervalSampler(metrics);
        var series = new List<TimeSeriesPoint>();
        var running = RunPhaseAsync(executor, phase, plan, pool, cancellationToken);

        var sampling = SamplerThread.Every(running, phase.StartTimestamp + Clock.FromTimeSpan(SampleInterval), SampleInterval, now =>
        {
            series.Add(sampler.Take(phase.Elapsed(now).TotalSeconds));
            observer.OnSample(assembler.Build(series, phase.Elapsed(now).TotalSeconds, executor.Dropped(phase, now), cpu.Share(), cpu.AllowedCores, RunStatus.Running));
        });
        long end = await running.ConfigureAwait(false);
        // The sampler ends once it sees the phase over; until then the series is its own.
        await sampling.ConfigureAwait(false);
        await lagStop.CancelAsync().ConfigureAwait(false);
        await lagProbe.ConfigureAwait(false);

        double elapsed = phase.Elapsed(end).TotalSeconds;
        // The last point covers the partial second and the graceful drain.
        if (series.Count == 0 || elapsed - series[^1].ElapsedSeconds > 0.001) series.Add(sampler.Take(elapsed));
        else sampler.Take(elapsed);

        string status = cancellationToken.IsCancellationRequested ? RunStatus.Interrupted : RunStatus.Completed;
        var result = assembler.Build(series, elapsed, executor.Dropped(phase, end), cpu.Share(), cpu.AllowedCores, status);
        observer.OnCompleted(result);
        return result;
    }

    /// <summary>Runs one phase to its end (or Ctrl-C), then graceful stop; returns when the last iteration finished.</summary>
    private static async Task<long> RunPhaseAsync(IExecutor executor, Phase phase, RunPlan plan, VuPool pool, CancellationToken cancellationToken)
    {
        await using var onCancel = cancellationToken.Register(phase.Stop);
        var starting = executor.RunAsync(phase);
        var untilEnd = Clock.ToTimeSpan(phase.EndTimestamp - Clock.Now);
        if (untilEnd > TimeSpan.Zero)
        {
            try
            {
                await Task.WhenAny(starting, Task.Delay(untilEnd, phase.StopToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        // Closed VUs stop by themselves at the end; open ones finish iterations that were due
        // before it. Graceful stop bounds both, then interrupts whatever is still in flight.
        var inFlight = executor.InFlight;
        if (await Task.WhenAny(inFlight, Task.Delay(plan.GracefulStop)).ConfigureAwait(false) != inFlight)
        {
            phase.Stop();
            pool.AbortAll();
            await inFlight.ConfigureAwait(false);
            await pool.ResetAsync().ConfigureAwait(false);
        }
        return Clock.Now;
    }
}
