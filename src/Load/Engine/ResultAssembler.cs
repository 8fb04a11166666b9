using System.Text.Json;
using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Thresholds;
using Bench.Load.Vocabulary;

namespace Bench.Load.Engine;

/// <summary>Turns a run's live metrics into the plain <see cref="RunResult"/> record.</summary>
internal sealed class ResultAssembler(RunPlan plan, RunMetrics metrics, MachineInfo machine, DateTimeOffset startedAt)
{
    private readonly RunConfig _config = new(
        Scenario: plan.Scenario.Name,
        Target: plan.Scenario.Describe(),
        Model: plan.Model.Kind,
        ModelDescription: plan.Model.Describe(),
        // A shard records the whole run's model: the shards of one run then agree on it, and its own part is in the description.
        ModelParameters: plan.Model is IShardedModel sharded
            ? JsonSerializer.SerializeToElement(sharded.Whole, sharded.Whole.GetType(), ResultsJson.Options)
            : JsonSerializer.SerializeToElement(plan.Model, plan.Model.GetType(), ResultsJson.Options),
        WarmupSeconds: plan.Warmup.TotalSeconds,
        GracefulStopSeconds: plan.GracefulStop.TotalSeconds,
        TimeoutSeconds: plan.Timeout.TotalSeconds,
        Thresholds: plan.Thresholds.Select(t => t.Expression).ToArray(),
        Cpus: plan.Cpus,
        CommandLine: plan.CommandLine);

    /// <summary>Set by the runner once the load began: when the measured phase started and how late against <see cref="RunPlan.StartAt"/>.</summary>
    public DateTimeOffset? MeasuredFrom { get; set; }

    public double? StartSkewMs { get; set; }

    public RunResult Build(IReadOnlyList<TimeSeriesPoint> series, double elapsedSeconds, long dropped, double cpuShare, int cores, string status)
    {
        var c = metrics.Counters;
        long requests = c.Requests;
        var totals = new Totals(
            Requests: requests,
            Ok: c.Ok,
            Failed: c.Failed,
            Dropped: dropped,
            DurationSeconds: Math.Round(elapsedSeconds, 3),
            Rate: elapsedSeconds > 0 ? Math.Round(requests / elapsedSeconds, 1) : 0,
            ErrorRate: requests > 0 ? (double)c.Failed / requests : 0,
            BytesRead: c.BytesRead,
            BytesWritten: c.BytesWritten,
            Errors: c.ErrorTable(),
            StatusCodes: c.StatusTable());
        var latency = new LatencyBreakdown(
            Percentiles.Summarize(metrics.Latency.Cumulative),
            Percentiles.Summarize(metrics.Uncorrected.Cumulative),
            Percentiles.Summarize(metrics.Ttfb.Cumulative),
            Percentiles.Summarize(metrics.Connect.Cumulative),
            Percentiles.Summarize(metrics.SendLag.Cumulative))
        {
            Measures = metrics.Stream is null ? LatencyBreakdown.Requests : LatencyBreakdown.NoRequests,
        };
        var validity = ValidityGuard.Judge(plan.Limits, cpuShare, cores,
            schedulerLagP99: Percentiles.Summarize(metrics.SchedulerLag.Cumulative).P99,
            sendLagP99: latency.SendLag.P99,
            dropped: dropped,
            exhausted: c.Errors(ErrorKind.Exhausted));
        if (metrics.Stream?.ValidityReasons() is { Count: > 0 } streamReasons)
            validity = validity with { Valid = false, Reasons = [.. validity.Reasons, .. streamReasons] };
        validity = ValidityGuard.WithStart(validity, plan.Limits, plan.StartAt, StartSkewMs);
        bool final = status != RunStatus.Running;
        var stream = metrics.Stream?.Summarize(elapsedSeconds) is { } summary ? summary with { GeneratorLagP99 = validity.SchedulerLagP99 } : null;
        var thresholds = final
            ? ThresholdEvaluator.Evaluate(plan.Thresholds, totals, HistogramOf, latency,
                t => stream is null ? double.NaN : StreamThresholds.Value(stream, t, StreamHistogram),
                t => metrics.Steps.ThresholdValue(t.StepName, t.Metric, elapsedSeconds))
            : [];
        return new RunResult
        {
            Status = status,
            StartedAt = startedAt,
            UpdatedAt = DateTimeOffset.UtcNow,
            EndedAt = final ? DateTimeOffset.UtcNow : null,
            Config = _config,
            Machine = machine,
            Totals = totals,
            Latency = latency,
            Series = series.ToArray(),
            Histograms = metrics.All.ToDictionary(r => r.Name, r => HistogramCodec.Encode(r.Cumulative)),
            Validity = validity,
            Thresholds = thresholds,
            ExitCode = final ? ExitCodes.Decide(validity, thresholds) : null,
            Stream = stream,
            Tls = metrics.Tls?.Summarize(),
            Steps = metrics.Steps.Summarize(elapsedSeconds),
            Exceptions = metrics.Steps.Exceptions(),
            MeasuredFrom = MeasuredFrom,
            Shard = plan.Shard is { } shard ? shard with { StartSkewMs = StartSkewMs is { } ms ? Math.Round(ms, 1) : null } : null,
        };
    }

    private HdrHistogram.HistogramBase? StreamHistogram(string name) => metrics.Stream?.Recorders.FirstOrDefault(r => r.Name == name)?.Cumulative;

    private HdrHistogram.HistogramBase HistogramOf(string source) => source switch
    {
        "uncorrected" => metrics.Uncorrected.Cumulative,
        "ttfb" => metrics.Ttfb.Cumulative,
        "connect" => metrics.Connect.Cumulative,
        _ => metrics.Latency.Cumulative,
    };
}
