using System.Globalization;
using Bench.Load.Results;

namespace Bench.Load.Merge;

/// <summary>
/// Checks that files are all the shards of one run, each once, and puts them in index order.
/// Every refusal is one line naming the file and what differs.
/// </summary>
public static class ShardSet
{
    public static IReadOnlyList<ShardFile> Check(IReadOnlyList<ShardFile> files)
    {
        if (files.Count == 0) throw new MergeRefusedException("no shard files given");
        foreach (var f in files)
            if (f.Result.Shard is null)
                throw new MergeRefusedException($"{f.Name}: not a shard file (no shard metadata; shards are written by loadgen run --shard I/N)");

        var first = files[0];
        var one = first.Result.Shard!;
        foreach (var f in files.Skip(1))
        {
            var s = f.Result.Shard!;
            if (s.Count != one.Count)
                throw new MergeRefusedException($"{f.Name} is shard {s.Index}/{s.Count} but {first.Name} is one of {one.Count} shards: not the same run");
            if (s.RunId != one.RunId)
                throw new MergeRefusedException($"{f.Name} has run id '{s.RunId}' but {first.Name} has '{one.RunId}': not the same run");
            if (Difference(first.Result, f.Result) is { } what)
                throw new MergeRefusedException($"{f.Name} is not a shard of the same run as {first.Name}: {what}");
        }

        var byIndex = new ShardFile?[one.Count];
        foreach (var f in files)
        {
            int i = f.Result.Shard!.Index;
            if (i < 0 || i >= one.Count)
                throw new MergeRefusedException($"{f.Name}: shard index {i} is out of range for {one.Count} shards");
            if (byIndex[i] is { } twice)
                throw new MergeRefusedException($"shard {i}/{one.Count} is given twice ({twice.Name} and {f.Name})");
            byIndex[i] = f;
        }
        var missing = Enumerable.Range(0, one.Count).Where(i => byIndex[i] is null).ToList();
        if (missing.Count > 0)
        {
            string got = string.Join(", ", Enumerable.Range(0, one.Count).Where(i => byIndex[i] is not null));
            string which = string.Join(", ", missing.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}/{one.Count}")));
            throw new MergeRefusedException($"shard {which} {(missing.Count == 1 ? "is" : "are")} missing (got {got}): a merge needs all {one.Count} shard files");
        }
        return byIndex!;
    }

    /// <summary>The TLS section of a run, or of each part of a mixed run (each part has its own).</summary>
    private static IEnumerable<TlsResult?> TlsParts(RunResult r) => r.Scenarios?.Select(p => p.Result.Tls) ?? [r.Tls];

    /// <summary>The first thing that tells two shards' runs apart, or null when they are one run.</summary>
    private static string? Difference(RunResult a, RunResult b)
    {
        var (x, y) = (a.Config, b.Config);
        if (a.Shard!.Run != b.Shard!.Run) return $"runs differ ('{a.Shard.Run}' vs '{b.Shard.Run}')";
        if (x.Scenario != y.Scenario) return $"scenarios differ ({x.Scenario} vs {y.Scenario})";
        if (x.Target != y.Target) return $"targets differ ({x.Target} vs {y.Target})";
        if (x.Model != y.Model || x.ModelParameters.GetRawText() != y.ModelParameters.GetRawText()) return $"load models differ ({x.Model} vs {y.Model})";
        if (x.WarmupSeconds != y.WarmupSeconds) return $"warm-ups differ ({x.WarmupSeconds}s vs {y.WarmupSeconds}s)";
        if (x.TimeoutSeconds != y.TimeoutSeconds || x.GracefulStopSeconds != y.GracefulStopSeconds) return "timeouts differ";
        if (!x.Thresholds.SequenceEqual(y.Thresholds)) return $"thresholds differ ({string.Join(", ", x.Thresholds)} vs {string.Join(", ", y.Thresholds)})";
        if (a.Shard.StartAt != b.Shard.StartAt) return $"start times differ ({a.Shard.StartAt:O} vs {b.Shard.StartAt:O})";
        var (pa, pb) = (a.Scenarios?.Select(p => p.Name) ?? [], b.Scenarios?.Select(p => p.Name) ?? []);
        if (!pa.SequenceEqual(pb)) return "mixed-run parts differ";
        foreach (var (ta, tb) in TlsParts(a).Zip(TlsParts(b)))
            if (TlsMerger.Settings(ta) != TlsMerger.Settings(tb)) return $"TLS settings differ ({TlsMerger.Settings(ta)} vs {TlsMerger.Settings(tb)})";
        return null;
    }
}
