using System.Diagnostics;
using Bench.Suites.Claims;
using Bench.Load.Results;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// Runs a validated suite cell by cell and rewrites results.json after each, so an interruption
/// keeps every finished cell. Cells that cannot run are recorded (skipped or failed) and the
/// suite goes on; a target that failed to start has its later cells skipped instead of waiting
/// out the same start timeout again.
/// </summary>
public sealed class SuiteRunner(SuiteRunOptions options, ISuiteProgress progress)
{
    /// <summary>What a cell costs beyond its planned load time (start, health, stop), until measured.</summary>
    private static readonly TimeSpan InitialOverhead = TimeSpan.FromSeconds(2);

    public async Task<SuiteResults> RunAsync(SuiteDefinition suite, string? suitePath, RunEnvironment environment, CancellationToken cancellationToken)
    {
        var cells = CellPlanner.Expand(suite).Where(c => options.Groups.Count == 0 || options.Groups.Contains(c.Group.Name)).ToList();
        var results = new SuiteResults
        {
            RunId = options.RunId,
            StartedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            SuiteName = suite.Name,
            SuitePath = suitePath,
            Suite = suite.Source,
            Environment = environment,
            PlannedCells = cells.Count,
        };
        Save(results);
        SuiteResultsFile.PointLatest(options.ReportsDirectory, options.RunId);

        var (calibrated, calibrations) = await new PyCostCalibration(options).ResolveAsync(suite, cells, cancellationToken).ConfigureAwait(false);
        cells = calibrated.ToList();
        foreach (var line in calibrations) progress.Note("loadgen: " + line);
        results = results with { Calibrations = calibrations };

        var done = new List<CellResult>();
        var startFailures = new Dictionary<string, string>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        double overheadSum = 0;
        int measured = 0;
        var runner = new CellRunner(options);

        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (cancellationToken.IsCancellationRequested) break;
            double overhead = measured > 0 ? overheadSum / measured : InitialOverhead.TotalSeconds;
            double left = cells.Skip(i).Where(c => c.Scenario.Factory is not null).Sum(c => c.PlannedSeconds + overhead + options.Cooldown.TotalSeconds);
            progress.CellStarted(cell, i + 1, cells.Count, clock.Elapsed, TimeSpan.FromSeconds(left));

            var cellClock = Stopwatch.StartNew();
            CellResult result;
            if (startFailures.TryGetValue(cell.Target.Name, out var firstFailure))
                result = Skipped(cell, $"target failed to start earlier ({firstFailure})");
            else
                result = await runner.RunAsync(cell, progress.Engine, cancellationToken).ConfigureAwait(false);
            if (result.Status == CellStatus.Failed && result.Run is null && result.Samples.Count == 0)
                startFailures.TryAdd(cell.Target.Name, $"cell {cell.Id}");
            if (result.Status != CellStatus.Skipped)
            {
                overheadSum += Math.Max(0, cellClock.Elapsed.TotalSeconds - cell.PlannedSeconds);
                measured++;
            }

            done.Add(result);
            results = results with { Cells = done.ToArray(), UpdatedAt = DateTimeOffset.UtcNow, Claims = ClaimCatalog.Evaluate(done) };
            Save(results);
            progress.CellFinished(cell, result);
            if (!cancellationToken.IsCancellationRequested && options.Cooldown > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(options.Cooldown, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        results = results with
        {
            Status = cancellationToken.IsCancellationRequested ? RunStatus.Interrupted : RunStatus.Completed,
            EndedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        Save(results);
        return results;
    }

    private static CellResult Skipped(SuiteCell cell, string reason) => new()
    {
        Index = cell.Index,
        Id = cell.Id,
        Group = cell.Group.Name,
        Claim = cell.Group.Claim,
        Target = new CellTarget(cell.Target.Name, cell.Target.Kind, cell.Target.Model, cell.Target.Framework, cell.Target.Options, null, cell.Target.Url, null, null),
        Scenario = new CellScenario(cell.Scenario.Name, cell.Scenario.Kind, null, cell.Scenario.Options),
        Connections = cell.Connections,
        Rate = cell.Rate,
        Repeat = cell.Repeat,
        WarmupSeconds = cell.Timing.Warmup.TotalSeconds,
        DurationSeconds = cell.Model.Duration.TotalSeconds,
        Status = CellStatus.Skipped,
        Reason = reason,
        StartedAt = DateTimeOffset.UtcNow,
        EndedAt = DateTimeOffset.UtcNow,
    };

    private void Save(SuiteResults results) => SuiteResultsFile.Write(options.ResultsPath, results);
}
