using System.CommandLine;
using System.Text.RegularExpressions;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scale;

namespace Bench.LoadGen.Scale;

/// <summary>What <c>loadgen run</c> was asked about scale-out: which shard, when to start, how many processes.</summary>
public sealed record ScaleRequest(Shard Shard, bool Sharded, DateTimeOffset? StartAt, bool StartFromStandardInput, string? RunId, int Processes)
{
    public static ScaleRequest None { get; } = new(Shard.Whole, false, null, false, null, 1);
}

/// <summary>
/// <c>--shard I/N</c>, <c>--start-at</c>, <c>--run-id</c> and <c>--processes</c>: the flags every
/// kind of <c>loadgen run</c> shares to be cut into shards, started together and merged.
/// </summary>
public sealed partial class ScaleOptions
{
    public const int MaxProcesses = ShardProcesses.MaxProcesses;

    public Option<string?> Shard { get; } = new("--shard") { Description = "Run the I-th of N equal parts of this run (0-based, e.g. 1/3); loadgen merge adds the N results files up" };
    public Option<string?> StartAt { get; } = new("--start-at") { Description = "Begin the load at this RFC 3339 time (e.g. 2026-11-30T10:00:00Z) so shards start together; '-' reads the time from standard input once ready" };
    public Option<string?> RunId { get; } = new("--run-id") { Description = "A label all shards of one run carry; loadgen merge refuses files whose labels differ" };
    public Option<int?> Processes { get; } = new("--processes") { Description = "Run as P shard processes on this machine (each on its share of --cpu and --source-addresses, each with its own descriptor limit), then merge them into one result" };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex RunIdPattern();

    public IEnumerable<Option> All => [Shard, StartAt, RunId, Processes];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    public ScaleRequest Read(ParseResult p, List<string> errors)
    {
        var shard = Load.Models.Shard.Whole;
        bool sharded = false;
        if (p.GetValue(Shard) is { } s)
        {
            if (Load.Models.Shard.TryParse(s, out shard, out string why)) sharded = true;
            else errors.Add($"--shard: {why}");
        }
        DateTimeOffset? at = null;
        bool fromStdin = false;
        if (p.GetValue(StartAt) is { } text)
        {
            if (text == StartTime.FromStandardInput) fromStdin = true;
            else if (StartTime.TryParse(text, out var t, out string why)) at = t;
            else errors.Add($"--start-at: {why}");
        }
        string? runId = p.GetValue(RunId);
        if (runId is not null && !RunIdPattern().IsMatch(runId))
            errors.Add($"--run-id: '{runId}' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        int processes = p.GetValue(Processes) ?? 1;
        if (processes < 1 || processes > MaxProcesses) errors.Add($"--processes: must be in [1, {MaxProcesses}] (got {processes})");
        else if (processes > 1 && sharded) errors.Add("--processes: cannot be combined with --shard (each process it starts is one shard)");
        else if (processes > 1 && fromStdin) errors.Add("--start-at: '-' is how --processes starts its shards; give --processes a time or none");
        return new ScaleRequest(shard, sharded, at, fromStdin, runId, processes);
    }

    /// <summary>This shard's part of a plan, with the metadata its results file carries; the start time is set by <see cref="Start"/>.</summary>
    public static RunPlan Cut(RunPlan plan, ScaleRequest r)
    {
        if (!r.Sharded) return plan;
        // Plans built from flags or a scenario file come cut already (so their checks allow the whole run's VUs); others are cut here.
        var model = plan.Model is IShardedModel ? plan.Model : Sharding.Apply(plan.Model, r.Shard, plan.Scenario.ShardBlock);
        var whole = (model as IShardedModel)?.Whole ?? model;
        return plan with
        {
            Model = model,
            Shard = new ShardInfo(r.Shard.Index, r.Shard.Count, Environment.MachineName, whole.Describe(), r.RunId, null, null),
        };
    }

    /// <summary>The plan with its agreed start (<paramref name="offset"/> later for a mixed run's later parts).</summary>
    public static RunPlan Start(RunPlan plan, DateTimeOffset? at, TimeSpan offset = default) => at is not { } t ? plan : plan with
    {
        StartAt = t + offset,
        Shard = plan.Shard is { } s ? s with { StartAt = t + offset } : null,
    };

    /// <summary>
    /// The agreed start: the --start-at time, or with '-' the line standard input gives after this
    /// shard said it is ready (the handshake of <see cref="ShardProcesses"/>). Null with an error when that line is not a time.
    /// </summary>
    public static async Task<(DateTimeOffset? At, string? Error)> ResolveStartAsync(ScaleRequest r, TextWriter stdout, TextReader stdin)
    {
        if (!r.StartFromStandardInput) return (r.StartAt, null);
        stdout.WriteLine($"loadgen: shard {r.Shard} {ShardProcesses.ReadyLine}");
        await stdout.FlushAsync().ConfigureAwait(false);
        string? line = await stdin.ReadLineAsync().ConfigureAwait(false);
        if (line is null) return (null, "--start-at -: standard input closed before a start time came");
        return StartTime.TryParse(line, out var at, out string why) ? (at, null) : (null, $"--start-at -: {why}");
    }
}
