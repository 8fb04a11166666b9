using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.Load.Thresholds;
using HdrHistogram;

namespace Bench.Load.Merge;

/// <summary>
/// <c>loadgen merge</c>: the shards of one run as one result, losslessly. HdrHistograms are added
/// bucket for bucket (never percentiles averaged), counters summed, per-second points summed on the
/// wall-clock second they cover, stream gauges summed, and validity and thresholds judged again on
/// the merged data, so the exit code means what a single run's does.
/// </summary>
public static class RunMerger
{
    public static RunResult Merge(IReadOnlyList<ShardFile> files)
    {
        var shards = ShardSet.Check(files);
        var labels = shards.Select(s => Label(s.Result.Shard!)).ToArray();
        var merged = MergeRuns(shards.Select(s => s.Result).ToList(), labels);
        var info = shards[0].Result.Shard!;
        return merged with
        {
            Shard = null,
            Merge = new MergeInfo(info.Count, info.RunId, shards.Select(Summary).ToArray()),
        };
    }

    private static string Label(ShardInfo s) => $"shard {s.Index}/{s.Count} ({s.Host})";

    private static ShardSummary Summary(ShardFile f)
    {
        var r = f.Result;
        var s = r.Shard!;
        var memory = r.Stream?.GeneratorMemory ?? r.Scenarios?.Select(p => p.Result.Stream?.GeneratorMemory).FirstOrDefault(m => m is not null);
        var capacity = r.Stream?.Capacity ?? r.Scenarios?.Select(p => p.Result.Stream?.Capacity).FirstOrDefault(c => c is not null);
        return new ShardSummary(s.Index, s.Host, f.Path, r.Status, s.StartSkewMs, r.Totals.Requests, r.Validity.Valid, r.Validity.Reasons,
            r.Validity.CpuPercent, capacity, memory);
    }

    /// <summary>Merges the same run (or the same part of a mixed run) as each shard recorded it.</summary>
    internal static RunResult MergeRuns(IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels)
    {
        var first = runs[0];
        string status = runs.All(r => r.Status == RunStatus.Completed) ? RunStatus.Completed : RunStatus.Interrupted;
        var startedAt = runs.Min(r => r.StartedAt);
        var offsets = SeriesAligner.Offsets(runs.Select(r => r.MeasuredFrom).ToList());
        double elapsed = Span(runs);

        if (first.Scenarios is { } firstParts)
        {
            var parts = firstParts.Select(p => new ScenarioPart(p.Name, p.StartSeconds,
                MergeRuns(runs.Select(r => r.Scenarios!.Single(x => x.Name == p.Name).Result).ToList(), labels))).ToList();
            var config = first.Config with
            {
                ModelDescription = string.Join("; ", parts.Select(p => $"{p.Name} from {ModelText.Duration(TimeSpan.FromSeconds(p.StartSeconds))}: {p.Result.Config.ModelDescription}")),
                Cpus = null,
            };
            var mixed = MixedResult.Combine(parts, config, startedAt, elapsed, status);
            return mixed with { MeasuredFrom = runs.Min(r => r.MeasuredFrom), Validity = WithUnfinished(mixed.Validity, runs, labels) };
        }

        var histograms = HistogramSum.ByName(runs.Select(r => r.Histograms));
        HistogramBase Get(string name) => histograms.TryGetValue(name, out var h) ? h : LatencyRecorder.NewHistogram();
        var latency = new LatencyBreakdown(
            Percentiles.Summarize(Get("latency")), Percentiles.Summarize(Get("uncorrected")), Percentiles.Summarize(Get("ttfb")),
            Percentiles.Summarize(Get("connect")), Percentiles.Summarize(Get("sendLag")));
        var totals = Sum(runs.Select(r => r.Totals).ToList(), elapsed);
        var stream = first.Stream is null ? null : StreamMerger.Merge(runs.Select(r => r.Stream!).ToList(), offsets, histograms, elapsed);

        var busiest = runs.MaxBy(r => r.Validity.CpuPercent)!.Validity;
        var validity = new Validity(
            Valid: runs.All(r => r.Validity.Valid),
            Reasons: runs.SelectMany((r, i) => r.Validity.Reasons.Select(reason => $"{labels[i]}: {reason}")).ToArray(),
            CpuPercent: busiest.CpuPercent,
            AllowedCores: busiest.AllowedCores,
            SchedulerLagP99: histograms.TryGetValue("schedulerLag", out var lag) && lag.TotalCount > 0 ? lag.GetValueAtPercentile(99) : runs.Max(r => r.Validity.SchedulerLagP99),
            SendLagP99: latency.SendLag.P99,
            Dropped: runs.Sum(r => r.Validity.Dropped),
            Exhausted: runs.Sum(r => r.Validity.Exhausted));
        validity = WithUnfinished(validity, runs, labels);

        var steps = MergeSteps(runs, elapsed);
        var thresholds = ThresholdEvaluator.Evaluate(ParseAll(first.Config.Thresholds), totals, Get, latency,
            t => stream is null ? double.NaN : StreamThresholds.Value(stream, t, name => histograms.GetValueOrDefault(name)),
            t => StreamThresholds.StepValue(steps, t, elapsed));
        return new RunResult
        {
            Status = status,
            StartedAt = startedAt,
            MeasuredFrom = runs.Min(r => r.MeasuredFrom),
            UpdatedAt = DateTimeOffset.UtcNow,
            EndedAt = runs.Max(r => r.EndedAt),
            // The whole run's description, not shard 0's part of it; CPUs differ by shard.
            Config = first.Config with { ModelDescription = first.Shard?.Run ?? first.Config.ModelDescription, Cpus = null },
            Machine = first.Machine,
            Totals = totals,
            Latency = latency,
            Series = MergeSeries(runs.Select(r => r.Series).ToList(), offsets),
            Histograms = histograms.ToDictionary(kv => kv.Key, kv => HistogramCodec.Encode(kv.Value)),
            Validity = validity,
            Thresholds = thresholds,
            ExitCode = ExitCodes.Decide(validity, thresholds),
            Stream = stream,
            Tls = TlsMerger.Merge(runs, histograms),
            Steps = steps,
            Exceptions = runs.Any(r => r.Exceptions is not null) ? CountTables.Sum(runs.Select(r => r.Exceptions ?? new Dictionary<string, long>())) : null,
        };
    }

    /// <summary>A code scenario's steps, by name in the order they first appear: counts added, histograms added.</summary>
    private static StepResult[]? MergeSteps(IReadOnlyList<RunResult> runs, double elapsed)
    {
        if (runs.All(r => r.Steps is null)) return null;
        var all = runs.SelectMany(r => r.Steps ?? []).ToList();
        return all.Select(s => s.Name).Distinct().Select(name =>
        {
            var parts = all.Where(s => s.Name == name).ToList();
            var h = HistogramSum.Of(parts.Select(p => p.Histogram));
            long count = parts.Sum(p => p.Count);
            return new StepResult(name, count, parts.Sum(p => p.Ok), parts.Sum(p => p.Failed), elapsed > 0 ? Math.Round(count / elapsed, 1) : 0,
                Percentiles.Summarize(h), CountTables.Sum(parts.Select(p => p.Errors)), CountTables.Sum(parts.Select(p => p.Exceptions)), HistogramCodec.Encode(h));
        }).ToArray();
    }

    /// <summary>A shard whose file still says "running" died before its end: its last snapshot is merged, but the run is not whole.</summary>
    private static Validity WithUnfinished(Validity validity, IReadOnlyList<RunResult> runs, IReadOnlyList<string> labels)
    {
        var unfinished = runs.Select((r, i) => (r, i)).Where(x => x.r.Status == RunStatus.Running)
            .Select(x => $"{labels[x.i]} did not finish: its file is the last snapshot it wrote while running").ToList();
        return unfinished.Count == 0 ? validity : validity with { Valid = false, Reasons = [.. validity.Reasons, .. unfinished] };
    }

    /// <summary>From the earliest measured start to the latest measured end, over all shards.</summary>
    private static double Span(IReadOnlyList<RunResult> runs)
    {
        if (runs.Any(r => r.MeasuredFrom is null)) return runs.Max(r => r.Totals.DurationSeconds);
        var from = runs.Min(r => r.MeasuredFrom!.Value);
        return Math.Round(runs.Max(r => (r.MeasuredFrom!.Value - from).TotalSeconds + r.Totals.DurationSeconds), 3);
    }

    private static Totals Sum(IReadOnlyList<Totals> t, double elapsed)
    {
        long requests = t.Sum(x => x.Requests), failed = t.Sum(x => x.Failed);
        return new Totals(
            Requests: requests,
            Ok: t.Sum(x => x.Ok),
            Failed: failed,
            Dropped: t.Sum(x => x.Dropped),
            DurationSeconds: elapsed,
            Rate: elapsed > 0 ? Math.Round(requests / elapsed, 1) : 0,
            ErrorRate: requests > 0 ? (double)failed / requests : 0,
            BytesRead: t.Sum(x => x.BytesRead),
            BytesWritten: t.Sum(x => x.BytesWritten),
            Errors: CountTables.Sum(t.Select(x => x.Errors)),
            StatusCodes: CountTables.Sum(t.Select(x => x.StatusCodes)));
    }

    private static TimeSeriesPoint[] MergeSeries(IReadOnlyList<IReadOnlyList<TimeSeriesPoint>> series, int[] offsets) =>
        SeriesAligner.Group(series, offsets, p => p.Second).Select(g =>
        {
            var points = g.Points.Select(x => x.Point).ToList();
            var h = HistogramSum.Of(points.Select(p => p.LatencyHistogram));
            return new TimeSeriesPoint(
                Second: g.Second,
                ElapsedSeconds: g.Points.Max(x => x.Point.ElapsedSeconds + offsets[x.Shard]),
                Requests: points.Sum(p => p.Requests),
                Failed: points.Sum(p => p.Failed),
                Rate: Math.Round(points.Sum(p => p.Rate), 1),
                Dropped: points.Sum(p => p.Dropped),
                ActiveVus: points.Sum(p => p.ActiveVus),
                P50: h.TotalCount > 0 ? h.GetValueAtPercentile(50) : 0,
                P99: h.TotalCount > 0 ? h.GetValueAtPercentile(99) : 0,
                Max: h.TotalCount > 0 ? h.GetMaxValue() : 0,
                BytesRead: points.Sum(p => p.BytesRead),
                LatencyHistogram: HistogramCodec.Encode(h));
        }).ToArray();

    private static List<Threshold> ParseAll(IEnumerable<string> expressions) =>
        expressions.Select(e => ThresholdParser.TryParse(e, out var t, out string why) ? t! : throw new MergeRefusedException($"threshold '{e}' in the shard files does not parse: {why}")).ToList();
}
