using System.Text.Json;
using Bench.Reporting.Charts;
using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Reporting.Input;

/// <summary>
/// Reads what a RunResult says about load and long-lived connections into the report's flat
/// metric names (<see cref="MetricKeys"/>). Version 1 files have no stream section and give
/// only what the model parameters hold.
/// </summary>
public static class CellMetrics
{
    // Gauges that count established long-lived sessions: SSE's "streaming" (connected and
    // receiving, not queued behind a busy pool), WebSocket, chat and hold's "open".
    private static readonly string[] HeldGauges = [SseLayout.StreamingName, WsEchoLayout.OpenName];

    public static (int? Connections, double? Rate) Load(RunResult result)
    {
        var p = result.Config.ModelParameters;
        if (p.ValueKind != JsonValueKind.Object) return (null, null);
        double? rate = p.TryGetProperty("rate", out var r) && r.TryGetDouble(out double rv) ? rv : null;
        int? vus = p.TryGetProperty("vus", out var v) && v.TryGetInt32(out int vv) ? vv : null;
        return rate is not null ? (null, rate) : (vus, null);
    }

    public static Dictionary<string, double> From(RunResult result, int? requested)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (result.Stream is not { } stream) return metrics;
        string kind = stream.Kind;
        foreach (var (name, n) in stream.Counters) metrics[$"{kind}.{name}"] = n;
        foreach (var (name, g) in stream.Gauges) metrics[$"{kind}.{name}"] = g.AtHoldEnd ?? g.Peak;
        foreach (var (code, n) in stream.CloseCodes) metrics[MetricKeys.WsClosePrefix + code] = n;

        string? held = HeldGauges.FirstOrDefault(stream.Gauges.ContainsKey);
        double? heldValue = held is null ? null : stream.Gauges[held].AtHoldEnd ?? stream.Gauges[held].Peak;
        long? asked = stream.Capacity?.ConnectionsAsked ?? requested;
        if (kind == SseLayout.Prefix)
        {
            if (heldValue is { } h) metrics[MetricKeys.SseHeld] = h;
            if (asked is { } a) metrics[MetricKeys.SseRequested] = a;
        }
        else if (kind is WsEchoLayout.Prefix or WsChatLayout.Prefix)
        {
            if (heldValue is { } h) metrics[MetricKeys.WsHeld] = h;
            if (asked is { } a) metrics[MetricKeys.WsRequested] = a;
        }
        if (heldValue is { } any) metrics[kind + MetricKeys.Held] = any;
        return metrics;
    }

    /// <summary>Every stream section's findings, the mixed run's parts included, then a code scenario's steps and exceptions.</summary>
    public static IReadOnlyList<string> Findings(RunResult result) =>
        (result.Stream?.Findings ?? []).Concat((result.Scenarios ?? []).SelectMany(p => (p.Result.Stream?.Findings ?? []).Select(f => $"{p.Name}: {f}")))
            .Concat(StepFindings(result)).ToList();

    private static IEnumerable<string> StepFindings(RunResult result)
    {
        static string Ms(long micros) => (micros / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " ms";
        foreach (var s in result.Steps ?? [])
            yield return $"step {s.Name}: {s.Count:N0} calls, {s.Failed:N0} failed; p50 {Ms(s.Latency.P50)}, p99 {Ms(s.Latency.P99)}, max {Ms(s.Latency.Max)}";
        if (result.Exceptions is { Count: > 0 } exceptions)
            yield return "exceptions: " + string.Join(", ", exceptions.Select(e => $"{e.Key} {e.Value:N0}"));
    }

    /// <summary>
    /// A mixed run (streams held + an HTTP probe) reads as one collateral-damage cell: the
    /// probe's result, with the streams held as a metric. Other runs pass through.
    /// </summary>
    public static (RunResult Result, Dictionary<string, double> Metrics) Flatten(RunResult result, int? requested)
    {
        if (result.Scenarios is not { Count: > 1 } parts) return (result, From(result, requested));
        var probe = parts.FirstOrDefault(p => p.Result.Stream is null);
        var streams = parts.Where(p => p.Result.Stream is not null).ToList();
        if (probe is null || streams.Count == 0) return (result, From(result, requested));

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        double held = 0;
        foreach (var part in streams)
        {
            var (c, _) = Load(part.Result);
            var m = From(part.Result, c);
            foreach (var (k, v) in m) metrics[k] = v;
            held += m.TryGetValue(part.Result.Stream!.Kind + MetricKeys.Held, out double h) ? h : c ?? 0;
        }
        metrics[MetricKeys.StreamsHeld] = held;
        return (probe.Result, metrics);
    }
}
