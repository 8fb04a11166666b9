using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scale;

namespace Bench.Suites;

/// <summary>A cell's shard processes ended without a merged run; the message is the one line why.</summary>
public sealed class CellShardsFailedException(string message) : InvalidOperationException(message);

/// <summary>
/// Runs a cell of a group with <c>"processes": P</c> as P loadgen processes (<c>loadgen cell</c>), as
/// <c>loadgen run --processes</c> does: each rebuilds the cell from the suite file, runs its shard of
/// the load with its own descriptor limit, and all start together; their results files merge
/// losslessly into the cell's run. The shard files stay under the run's folder
/// (<c>shards/cell-NNN/</c>) so the merge can be checked or redone with <c>loadgen merge</c>.
/// </summary>
public sealed partial class CellShards(SuiteRunOptions options)
{
    /// <summary>The command that runs one shard of a suite cell (Bench.LoadGen's CellCommand).</summary>
    public const string Command = "cell";

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotRunIdChar();

    public string DirectoryOf(SuiteCell cell) => Path.Combine(options.ReportsDirectory, options.RunId, "shards", $"cell-{cell.Index:D3}");

    /// <exception cref="CellShardsFailedException">A shard could not start or wrote no results.</exception>
    public async Task<RunResult> RunAsync(SuiteCell cell, Uri baseUrl, IRunObserver observer, CancellationToken cancellationToken)
    {
        int p = cell.Group.Processes;
        string dir = DirectoryOf(cell);
        Directory.CreateDirectory(dir);
        foreach (var old in Directory.EnumerateFiles(dir, "shard-*")) File.Delete(old);
        string suiteFile = Path.Combine(dir, "suite.json");
        AtomicFile.WriteText(suiteFile, JsonSerializer.Serialize(cell.Suite));

        // Merge refuses files of different runs: the cell's own label, in the characters --run-id takes.
        string label = NotRunIdChar().Replace($"{options.RunId}-c{cell.Index}", "_");
        string runId = label.Length > 63 ? label[^63..].TrimStart('.', '_', '-') : label;
        var cpus = options.LoadgenCpus;
        var launches = new List<ShardLaunch>();
        for (int i = 0; i < p; i++)
        {
            var shard = new Shard(i, p);
            string results = Path.Combine(dir, $"shard-{i}.json");
            var args = new List<string>
            {
                Command, suiteFile, cell.Id, "--url", baseUrl.ToString(),
                "--shard", shard.ToString(), "--start-at", StartTime.FromStandardInput, "--run-id", runId, "--out", results,
            };
            // One CPU each when there are enough; otherwise they share the suite's loadgen CPUs (never the target's).
            if (cpus.Count > 0) args.AddRange(["--cpu", string.Join(",", cpus.Count >= p ? shard.Slice(cpus) : cpus)]);
            launches.Add(new ShardLaunch(shard, args, results, Path.Combine(dir, $"shard-{i}.log")));
        }

        using var phases = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task marking = Task.CompletedTask;
        var outcome = await ShardProcesses.RunAsync(LoadgenBinary.Self(), launches, null, TextWriter.Null, cancellationToken,
            started: at => marking = MarkPhasesAsync(cell, at, observer, phases.Token)).ConfigureAwait(false);
        await phases.CancelAsync().ConfigureAwait(false);
        await marking.ConfigureAwait(false);
        if (outcome.Merged is not { } merged) throw new CellShardsFailedException($"{p} shard processes: {outcome.Error} (logs in {dir})");
        observer.OnCompleted(merged);
        return merged;
    }

    /// <summary>
    /// The phases the shards go through, told to the suite's observers at their wall-clock times (the
    /// shards' own events stay in their processes): the server sampler's measured window and its
    /// settled-memory reading follow the load as they do for a cell run in this process.
    /// </summary>
    private static async Task MarkPhasesAsync(SuiteCell cell, DateTimeOffset start, IRunObserver observer, CancellationToken cancellationToken)
    {
        try
        {
            await StartGateDelay(start, cancellationToken).ConfigureAwait(false);
            if (cell.Timing.Warmup > TimeSpan.Zero)
            {
                observer.OnPhase("warmup", cell.Timing.Warmup);
                await StartGateDelay(start + cell.Timing.Warmup, cancellationToken).ConfigureAwait(false);
            }
            observer.OnPhase("measure", cell.Model.Duration);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static Task StartGateDelay(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wait = at - DateTimeOffset.UtcNow;
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }
}
