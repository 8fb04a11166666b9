using System.CommandLine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scale;
using Bench.Load.Scenarios.Sessions;
using Bench.LoadGen.Cli;

namespace Bench.LoadGen.Scale;

/// <summary>
/// <c>loadgen run ... --processes P</c>: the same run as P shard processes of this machine, each
/// pinned to its share of --cpu, binding its share of --source-addresses and holding its own
/// descriptor budget; they start together, and their files merge into the one result printed and
/// written to --out. The shard files stay beside it (OUT.shards/) so the merge can be checked or redone.
/// </summary>
public static class ProcessesRun
{
    /// <summary>Flags the parent decides per shard; every other flag reaches each shard as given.</summary>
    private static readonly HashSet<string> PerShard = ["--processes", "--shard", "--start-at", "--run-id", "--out", "--cpu", "--source-addresses"];

    public static async Task<int> RunAsync(ParseResult parse, Command run, ScaleRequest scale, string? cpu, string? sourceAddresses, string? outPath,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int p = scale.Processes;
        var errors = new List<string>();
        IReadOnlyList<int>? cpus = null;
        if (cpu is not null)
        {
            if (!CpuListParser.TryParse(cpu, out cpus)) errors.Add($"--cpu: '{cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
            else if (cpus.Count < p) errors.Add($"--processes: {p} processes need at least {p} CPUs in --cpu, one each (--cpu {cpu} gives {cpus.Count})");
        }
        SourceAddresses? sources = null;
        if (sourceAddresses is not null)
        {
            if (!SourceAddresses.TryParse(sourceAddresses, out var parsed, out string why)) errors.Add($"--source-addresses: {why}");
            else if (parsed.Count < p) errors.Add($"--source-addresses: {parsed.Count} address{(parsed.Count == 1 ? "" : "es")} cannot be divided among {p} processes without two sharing one; give at least {p}");
            else sources = parsed;
        }
        if (errors.Count > 0)
        {
            foreach (var e in errors) stderr.WriteLine($"loadgen: {e}");
            return Load.Engine.ExitCodes.BadInput;
        }

        string dir = outPath is not null ? Path.GetFullPath(outPath) + ".shards" : Path.Combine(Path.GetTempPath(), $"loadgen-shards-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(dir);
        foreach (var old in Directory.EnumerateFiles(dir, "shard-*")) File.Delete(old);
        string runId = scale.RunId ?? $"{Environment.MachineName}-{DateTime.UtcNow:yyyyMMddTHHmmss}-{Environment.ProcessId}";
        var common = ArgumentEcho.Of(parse, run, PerShard);
        var launches = new List<ShardLaunch>();
        for (int i = 0; i < p; i++)
        {
            var shard = new Shard(i, p);
            var args = new List<string> { "run" };
            args.AddRange(common);
            args.AddRange(["--shard", shard.ToString(), "--start-at", StartTime.FromStandardInput, "--run-id", runId, "--out", Path.Combine(dir, $"shard-{i}.json")]);
            if (cpus is not null) args.AddRange(["--cpu", string.Join(",", shard.Slice(cpus))]);
            if (sources is not null) args.AddRange(["--source-addresses", string.Join(",", shard.Slice(sources.Addresses))]);
            launches.Add(new ShardLaunch(shard, args, Path.Combine(dir, $"shard-{i}.json"), Path.Combine(dir, $"shard-{i}.log")));
        }

        var outcome = await ShardProcesses.RunAsync(LoadgenBinary.Self(), launches, scale.StartAt, stdout, cancellationToken).ConfigureAwait(false);
        if (outcome.Merged is not { } merged)
        {
            stderr.WriteLine($"loadgen: {outcome.Error}");
            return outcome.ExitCode;
        }
        if (outPath is not null) ResultsFile.Write(outPath, merged);
        ResultPrinter.Print(merged, stdout);
        stdout.WriteLine($"  shards     {dir}");
        if (outPath is not null) stdout.WriteLine($"  results    {Path.GetFullPath(outPath)}");
        else Directory.Delete(dir, recursive: true);
        return merged.ExitCode ?? Load.Engine.ExitCodes.Invalid;
    }
}
