using System.Text.Json;
using Bench.Compare.Model;

namespace Bench.Compare.Inputs;

/// <summary>The numbers compare takes from one load run (a RunResult), under a cell name the caller chose.</summary>
internal static class RunReader
{
    /// <summary>"http GET /hello · 8 VUs for 3s": the run's own description without the target's port, which differs between two servers.</summary>
    public static string CellOf(JsonElement run)
    {
        var config = run.Get("config");
        string scenario = config?.Get("scenario").String() ?? "run";
        string target = config?.Get("target").String() ?? "";
        if (Uri.TryCreate(target, UriKind.Absolute, out var uri)) target = uri.PathAndQuery;
        string model = config?.Get("modelDescription").String() ?? "";
        return $"{scenario} {target} · {model}".Trim();
    }

    public static void Read(JsonElement run, string cell, ResultSet into)
    {
        into.AddHost(run.Path("machine", "hostname").String());
        into.AddSpan(run.Get("startedAt").Time(), run.Get("endedAt").Time() ?? run.Get("updatedAt").Time());

        var totals = run.Get("totals");
        if (totals?.Get("failed").Number() is { } failed) into.Add(cell, MetricIds.Errors, failed);
        if (totals?.Get("rate").Number() is { } rate && (totals?.Get("requests").Number() ?? 0) > 0)
            into.Add(cell, MetricIds.Throughput, rate);

        var latency = run.Path("latency", "latency");
        if ((latency?.Get("count").Number() ?? 0) > 0)
        {
            if (latency?.Get("p50").Number() is { } p50) into.Add(cell, MetricIds.P50, p50);
            if (latency?.Get("p99").Number() is { } p99) into.Add(cell, MetricIds.P99, p99);
        }

        ReadStream(run.Get("stream"), cell, into);
        foreach (var part in run.Get("scenarios").Items())
            if (part.Get("result") is { } result)
                Read(result, $"{cell} / {part.Get("name").String() ?? "part"}", into);
    }

    /// <summary>Correctness counters of a long-lived scenario: every one is recorded, so a 0 in the baseline meets a 3 in the head.</summary>
    private static void ReadStream(JsonElement? stream, string cell, ResultSet into)
    {
        if (stream is not { ValueKind: JsonValueKind.Object }) return;
        string kind = stream.Value.Get("kind").String() ?? "stream";
        foreach (var counter in stream.Value.Get("counters").Properties())
            if (StreamCorrectness.IsViolation(counter.Name) && counter.Value.ValueKind == JsonValueKind.Number)
                into.Add(cell, MetricIds.Stream(kind, counter.Name), counter.Value.GetDouble());
    }
}
