using Bench.Load.Vocabulary;
using System.Text.Json;
using Bench.Load.Metrics;
using Bench.Load.Results;
using Bench.Load.Thresholds;

namespace Bench.Load.Engine;

/// <summary>Turns a run's live metrics into the plain <see cref="RunResult"/> record.</summary>
internal sealed class ResultAssembler(RunPlan plan, RunMetrics metrics, MachineInfo machine, DateTimeOffset startedAt)
{
    private readonly RunConfig _config = new(
        Scenario: plan.Scenario.Name,
        Target: plan.Scenario.Describe(),
        Model: plan.Model.Kind,
        ModelDescription: plan.Model.Describe(),
        ModelParameters: JsonSerializer.SerializeToElement(plan.Model, plan.Model.GetType(), ResultsJson.Options),
        WarmupSeconds: plan.Warmup.TotalSeconds,
        GracefulStopSeconds: plan.GracefulStop.TotalSeconds,
        TimeoutSeconds: plan.Timeout.TotalSeconds,
        Thresholds: plan.Thresholds.Select(t => t.Expression).ToArray(),
        Cpus: plan.Cpus,
        CommandLine: plan.CommandLine);

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
        bool final = status != RunStatus.Running;
        var thresholds = final
            ? ThresholdEvaluator.Evaluate(plan.Thresholds, totals, HistogramOf, latency,
                t => metrics.Stream?.ThresholdValue(t.Source, t.Metric) ?? double.NaN,
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
            Stream = metrics.Stream?.Summarize(elapsedSeconds) is { } stream ? stream with { GeneratorLagP99 = validity.SchedulerLagP99 } : null,
            Steps = metrics.Steps.Summarize(elapsedSeconds),
            Exceptions = metrics.Steps.Exceptions(),
        };
    }

    private HdrHistogram.HistogramBase HistogramOf(string source) => source switch
    {
        "uncorrected" => metrics.Uncorrected.Cumulative,
        "ttfb" => metrics.Ttfb.Cumulative,
        "connect" => metrics.Connect.Cumulative,
        _ => metrics.Latency.Cumulative,
    };
}
