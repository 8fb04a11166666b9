using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Load.Models;

namespace Bench.Load.Scenarios.Mixed;

/// <summary>
/// Runs several scenarios at once, each with its own load model and start offset — "hold 5,000
/// SSE streams, then probe /hello at 50 req/s" — and keeps each part's metrics apart
/// (collateral damage: docs/ARCHITECTURE.md §3). Each part is an ordinary
/// <see cref="LoadRunner"/> run; the combined result lists them under
/// <see cref="RunResult.Scenarios"/> and sums their totals. Observers see one combined snapshot a second.
/// </summary>
public sealed class MixedRunner
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <exception cref="PlanValidationException">A part is invalid; nothing was sent.</exception>
    public async Task<RunResult> RunAsync(IReadOnlyList<MixedPart> parts, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var problems = Validate(parts);
        if (problems.Count > 0) throw new PlanValidationException(problems);
        var startedAt = DateTimeOffset.UtcNow;
        var latest = new RunResult?[parts.Count];
        long start = Clock.Now;
        var total = parts.Max(p => p.End);
        observer?.OnPhase("measure", total);

        var running = parts.Select((p, i) => RunPartAsync(p, i, latest, cancellationToken)).ToArray();
        var all = Task.WhenAll(running);
        var sampling = SamplerThread.Every(all, start + Clock.FromTimeSpan(SampleInterval), SampleInterval, now =>
        {
            var snapshot = MixedResult.Combine(parts, latest, startedAt, Clock.ToTimeSpan(now - start).TotalSeconds, RunStatus.Running);
            if (snapshot is not null) observer?.OnSample(snapshot);
        });
        var results = await all.ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        string status = results.Any(r => r.Status == RunStatus.Interrupted) || cancellationToken.IsCancellationRequested ? RunStatus.Interrupted : RunStatus.Completed;
        var combined = MixedResult.Combine(parts, results, startedAt, Clock.ToTimeSpan(Clock.Now - start).TotalSeconds, status)!;
        observer?.OnCompleted(combined);
        return combined;
    }

    private static async Task<RunResult> RunPartAsync(MixedPart part, int index, RunResult?[] latest, CancellationToken cancellationToken)
    {
        try
        {
            // A part with an agreed start (a shard of a sharded run) waits for it in the runner, which also measures how late it began.
            if (part.Start > TimeSpan.Zero && part.Plan.StartAt is null) await Task.Delay(part.Start, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Interrupted before it began: the part still runs, and stops at once, so it reports as interrupted.
        }
        var result = await new LoadRunner().RunAsync(part.Plan, new Capture(latest, index), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref latest[index], result);
        return result;
    }

    public static IReadOnlyList<string> Validate(IReadOnlyList<MixedPart> parts)
    {
        var problems = new List<string>();
        if (parts.Count == 0) problems.Add("parts: at least one scenario is needed");
        foreach (var dup in parts.GroupBy(p => p.Name).Where(g => g.Count() > 1))
            problems.Add($"parts: name '{dup.Key}' is used {dup.Count()} times; names must be unique");
        foreach (var p in parts)
        {
            if (string.IsNullOrWhiteSpace(p.Name)) problems.Add("parts: every part needs a name");
            if (p.Start < TimeSpan.Zero || p.Start > TimeSpan.FromHours(24)) problems.Add($"{p.Name}.start: must be in [0, 24h] (got {ModelText.Duration(p.Start)})");
            problems.AddRange(p.Plan.Validate().Select(x => $"{p.Name}.{x}"));
        }
        return problems;
    }

    /// <summary>Keeps each part's latest per-second snapshot for the combined one.</summary>
    private sealed class Capture(RunResult?[] latest, int index) : IRunObserver
    {
        public void OnSample(RunResult snapshot) => Volatile.Write(ref latest[index], snapshot);
    }
}
