using Bench.Load.Models;
using System.Text.Json;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Load.Scenarios.Mixed;

/// <summary>
/// Builds a mixed run's result: every part complete under <see cref="RunResult.Scenarios"/>,
/// and at the top level the sums (counts, errors, status codes), latency merged losslessly from
/// the parts' histograms, validity and thresholds of all parts (named by part), and one exit code.
/// </summary>
internal static class MixedResult
{
    private static readonly string[] Merged = ["latency", "uncorrected", "ttfb", "connect", "sendLag"];

    /// <summary>Null while no part has produced a snapshot yet.</summary>
    public static RunResult? Combine(IReadOnlyList<MixedPart> parts, IReadOnlyList<RunResult?> results, DateTimeOffset startedAt, double elapsedSeconds, string status)
    {
        var present = parts.Zip(results).Where(x => x.Second is not null).Select(x => new ScenarioPart(x.First.Name, x.First.Start.TotalSeconds, x.Second!)).ToList();
        if (present.Count == 0) return null;
        var first = present[0].Result;
        var config = new RunConfig(
            Scenario: "mixed",
            Target: string.Join(" + ", parts.Select(p => $"{p.Name}: {p.Plan.Scenario.Describe()}")),
            Model: "mixed",
            ModelDescription: string.Join("; ", parts.Select(p => $"{p.Name} from {ModelText.Duration(p.Start)}: {p.Plan.Model.Describe()}")),
            ModelParameters: JsonSerializer.SerializeToElement(parts.Select(p => new { p.Name, StartSeconds = p.Start.TotalSeconds, Scenario = p.Plan.Scenario.Name, Model = p.Plan.Model.Kind }).ToArray(), ResultsJson.Options),
            WarmupSeconds: 0,
            GracefulStopSeconds: parts.Max(p => p.Plan.GracefulStop.TotalSeconds),
            TimeoutSeconds: parts.Max(p => p.Plan.Timeout.TotalSeconds),
            Thresholds: parts.SelectMany(p => p.Plan.Thresholds.Select(t => $"{p.Name}: {t.Expression}")).ToArray(),
            Cpus: first.Config.Cpus,
            CommandLine: first.Config.CommandLine);
        // A shard's parts all carry its shard metadata; the first part's stands for the run.
        return Combine(present, config, startedAt, elapsedSeconds, status) with { Shard = first.Shard };
    }

    /// <summary>
    /// The top level of a mixed run from its parts' results: what a run writes, and what a merge of
    /// shards rebuilds from the parts it merged one by one.
    /// </summary>
    public static RunResult Combine(IReadOnlyList<ScenarioPart> present, RunConfig config, DateTimeOffset startedAt, double elapsedSeconds, string status)
    {
        var first = present[0].Result;
        var histograms = new Dictionary<string, string>();
        var summaries = new Dictionary<string, LatencySummary>();
        foreach (var name in Merged)
        {
            var sum = LatencyRecorder.NewHistogram();
            foreach (var p in present)
                if (p.Result.Histograms.TryGetValue(name, out var encoded)) sum.Add(HistogramCodec.Decode(encoded));
            histograms[name] = HistogramCodec.Encode(sum);
            summaries[name] = Percentiles.Summarize(sum);
        }

        long requests = present.Sum(x => x.Result.Totals.Requests), failed = present.Sum(x => x.Result.Totals.Failed);
        var totals = new Totals(
            Requests: requests,
            Ok: present.Sum(x => x.Result.Totals.Ok),
            Failed: failed,
            Dropped: present.Sum(x => x.Result.Totals.Dropped),
            DurationSeconds: Math.Round(elapsedSeconds, 3),
            Rate: elapsedSeconds > 0 ? Math.Round(requests / elapsedSeconds, 1) : 0,
            ErrorRate: requests > 0 ? (double)failed / requests : 0,
            BytesRead: present.Sum(x => x.Result.Totals.BytesRead),
            BytesWritten: present.Sum(x => x.Result.Totals.BytesWritten),
            Errors: CountTables.Sum(present.Select(x => x.Result.Totals.Errors)),
            StatusCodes: CountTables.Sum(present.Select(x => x.Result.Totals.StatusCodes)));

        var validity = new Validity(
            Valid: present.All(x => x.Result.Validity.Valid),
            Reasons: present.SelectMany(x => x.Result.Validity.Reasons.Select(r => $"{x.Name}: {r}")).ToArray(),
            CpuPercent: present.Max(x => x.Result.Validity.CpuPercent),
            AllowedCores: first.Validity.AllowedCores,
            SchedulerLagP99: present.Max(x => x.Result.Validity.SchedulerLagP99),
            SendLagP99: present.Max(x => x.Result.Validity.SendLagP99),
            Dropped: present.Sum(x => x.Result.Validity.Dropped),
            Exhausted: present.Sum(x => x.Result.Validity.Exhausted));
        var thresholds = present.SelectMany(x => x.Result.Thresholds.Select(t => t with { Expression = $"{x.Name}: {t.Expression}" })).ToArray();
        bool final = status != RunStatus.Running;

        return new RunResult
        {
            Status = status,
            StartedAt = startedAt,
            UpdatedAt = DateTimeOffset.UtcNow,
            EndedAt = final ? DateTimeOffset.UtcNow : null,
            Config = config,
            Machine = first.Machine,
            Totals = totals,
            Latency = new LatencyBreakdown(summaries["latency"], summaries["uncorrected"], summaries["ttfb"], summaries["connect"], summaries["sendLag"])
            {
                // Only HTTP parts time requests; sessions are counted, not timed.
                Measures = present.Any(x => x.Result.Latency.Measures == LatencyBreakdown.Requests) ? LatencyBreakdown.Requests : LatencyBreakdown.NoRequests,
            },
            Histograms = histograms,
            Validity = validity,
            Thresholds = thresholds,
            ExitCode = final ? ExitCodes.Decide(validity, thresholds) : null,
            Scenarios = present,
        };
    }
}
