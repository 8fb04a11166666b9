using System.Globalization;
using System.Text.Json;
using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// Reads a suite's cells into what <see cref="Fidelity"/> compares: each target's kind, model,
/// GIL and pool, and one point per (group, target, scenario, connections) — the median repeat.
/// </summary>
public static class FidelityInput
{
    // Gauges that count established long-lived sessions, as the report reads them: SSE's
    // "streaming" (receiving, not queued behind a busy pool), WebSocket and hold's "open".
    private static readonly string[] HeldGauges = ["streaming", "open"];

    public static IReadOnlyList<FidelityTarget> Targets(IEnumerable<CellResult> cells) =>
        cells.GroupBy(c => c.Target.Name, StringComparer.Ordinal).Select(g => Target(g.First().Target)).ToList();

    /// <summary>Cells that did not complete become points with <see cref="FidelityPoint.Missing"/> set, so a pair can say why a side is absent.</summary>
    public static IReadOnlyList<FidelityPoint> Points(IEnumerable<CellResult> cells) =>
        cells.Where(c => c.Connections is not null)
            .Select(c => c.Status == CellStatus.Completed && c.Run is not null ? Point(c) : Absent(c))
            .GroupBy(p => (p.Group, p.Target, p.Scenario, p.Connections))
            .Select(Median)
            .ToList();

    public static FidelityTarget Target(CellTarget t)
    {
        bool gil = t.Options.TryGetValue("gil", out var g) && g == "true";
        int? pool = t.Model != "wsgi" ? null
            : t.Kind == "command" ? CommandPool(t.CommandLine)
            : Int(t.Options, "threads", 32) * Int(t.Options, "workers", 1);
        return new FidelityTarget(t.Name, t.Kind, t.Model, t.Framework, gil, pool);
    }

    /// <summary>gunicorn's pool from the command line it ran: --threads (1 for -k sync) × -w.</summary>
    private static int? CommandPool(IReadOnlyList<string>? argv)
    {
        if (argv is null) return null;
        int? threads = null, workers = null;
        bool sync = false;
        for (int i = 0; i + 1 < argv.Count; i++)
        {
            if (argv[i] is "--threads" && int.TryParse(argv[i + 1], CultureInfo.InvariantCulture, out int t)) threads = t;
            if (argv[i] is "-w" or "--workers" && int.TryParse(argv[i + 1], CultureInfo.InvariantCulture, out int w)) workers = w;
            if (argv[i] is "-k" or "--worker-class" && argv[i + 1] == "sync") sync = true;
        }
        if (threads is null && !sync) return null;
        return (sync ? 1 : threads!.Value) * (workers ?? 1);
    }

    private static FidelityPoint Point(CellResult c)
    {
        var run = c.Run!;
        string? path = c.Scenario.Options.ValueKind == JsonValueKind.Object && c.Scenario.Options.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        double? held = null;
        if (run.Stream is { } stream && HeldGauges.FirstOrDefault(stream.Gauges.ContainsKey) is { } gauge)
            held = stream.Gauges[gauge].AtHoldEnd ?? stream.Gauges[gauge].Peak;   // as claims 4 and 5 count it (CellFacts.ClientHeld)
        else if (c.Scenario.Kind != "http")
            held = c.Scenario.Kind == "sse" ? c.Server?.PeakOpenSseStreams : c.Server?.PeakOpenWebsockets;
        return new FidelityPoint
        {
            CellId = c.Id,
            Group = c.Group,
            Target = c.Target.Name,
            Scenario = c.Scenario.Name,
            ScenarioKind = c.Scenario.Kind,
            Path = path,
            Connections = c.Connections!.Value,
            Throughput = run.Totals.Ok / Math.Max(1e-9, run.Totals.DurationSeconds),
            Held = held,
            ErrorRate = run.Totals.ErrorRate,
            P99Ms = run.Latency.Latency.P99 / 1000.0,
            WaitSeconds = WaitMs(path) / 1000,
        };
    }

    private static FidelityPoint Absent(CellResult c) => new()
    {
        CellId = c.Id,
        Group = c.Group,
        Target = c.Target.Name,
        Scenario = c.Scenario.Name,
        ScenarioKind = c.Scenario.Kind,
        Connections = c.Connections!.Value,
        Missing = $"{c.Status}: {c.Reason ?? "no result"}",
    };

    private static FidelityPoint Median(IEnumerable<FidelityPoint> repeats)
    {
        // The repeat with the median figure stands for the cell, so its numbers stay consistent with each other.
        var all = repeats.ToList();
        var r = all.Where(p => p.Missing is null).OrderBy(p => p.IsStream ? p.Held ?? 0 : p.Throughput).ToList();
        return r.Count > 0 ? r[r.Count / 2] : all[0];
    }

    private static double? WaitMs(string? path)
    {
        int q = path?.IndexOf('?') ?? -1;
        if (q < 0) return null;
        foreach (var pair in path![(q + 1)..].Split('&'))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "wait_ms" && double.TryParse(kv[1], CultureInfo.InvariantCulture, out double ms)) return ms;
        }
        return null;
    }

    private static int Int(IReadOnlyDictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : fallback;
}
