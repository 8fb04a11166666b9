using System.Globalization;
using System.Text.Json;
using Bench.Suites.Results;
using Bench.Suites.Sampling;

namespace Bench.Suites.Claims;

/// <summary>
/// The figures the claims rules read from one repeat of one cell. Every repeat is its own fact — the
/// rules see the spread, not a median that hides it — and cells that did not complete, or that loadgen
/// judged invalid, are facts too so a rule can say which of its cells could not vote and why.
/// Flat and small so tests can build synthetic ones on each side of every threshold.
/// </summary>
public sealed record CellFacts
{
    public required string Id { get; init; }
    public int? Claim { get; init; }
    public string Group { get; init; } = "";
    public required string Target { get; init; }
    public required string Model { get; init; }
    public string? Framework { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public string ScenarioKind { get; init; } = "http";
    public string Scenario { get; init; } = "";
    public string? Path { get; init; }
    public int? Connections { get; init; }
    public double? Rate { get; init; }
    public int Repeat { get; init; } = 1;

    /// <summary>completed, failed, skipped or interrupted (<see cref="CellStatus"/>).</summary>
    public string Status { get; init; } = CellStatus.Completed;

    /// <summary>Why the cell did not complete, or why loadgen judged its run invalid; null when it votes.</summary>
    public string? Excluded { get; init; }

    /// <summary>A completed, valid repeat: the only kind whose figures decide a claim.</summary>
    public bool Votes => Status == CellStatus.Completed && Excluded is null;

    /// <summary>Successful responses per second over the measured phase (HTTP cells).</summary>
    public double Throughput { get; init; }
    public double ErrorRate { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long PeakRssBytes { get; init; }
    public int PeakThreads { get; init; }
    public long? PeakBusyThreads { get; init; }
    public double? CpuMsPerRequest { get; init; }

    /// <summary>Memory with the load on, right after the server's full collection (<c>/stats?gc=1</c>); null when not taken.</summary>
    public SettledMemory? Settled { get; init; }

    /// <summary>
    /// Long-lived sessions the clients held (SSE "streaming", WebSocket "open"): the held count of record. It is the
    /// clients' gauge frozen when the hold ended, before they closed; the run's overall peak is not used because
    /// while clients close, a pool hands each freed thread to a queued session that counts as held for an instant.
    /// </summary>
    public long? ClientHeld { get; init; }

    /// <summary>The server's own peak count of open streams or sockets from /stats, the cross-check.</summary>
    public long? ServerHeld { get; init; }

    /// <summary>/stats samples the sampler asked for during the cell and how many the server answered.</summary>
    public int StatsAsked { get; init; }
    public int StatsAnswered { get; init; }

    /// <summary>SSE delivery lag (client receive − server stamp) and time to first event, ms; null for other kinds.</summary>
    public double? LagP50Ms { get; init; }
    public double? LagP99Ms { get; init; }
    public double? FirstEventP50Ms { get; init; }
    public double? FirstEventP99Ms { get; init; }

    /// <summary>trickle-probe cells: how many slow clients trickled beside the probe.</summary>
    public int? Trickling { get; init; }

    /// <summary>trickle-probe cells: the probe part's own figures (the run's totals also count the trickling sessions).</summary>
    public double? ProbeThroughput { get; init; }
    public double? ProbeErrorRate { get; init; }
    public double? ProbeP99Ms { get; init; }

    /// <summary>The app's simulated wait from the path's query (wait_ms), in seconds.</summary>
    public double? WaitSeconds => QueryNumber("wait_ms") is { } ms ? ms / 1000 : null;

    /// <summary>WSGI threads available for requests: threads × workers (bench-server defaults 32 × 1).</summary>
    public int Pool => Int("threads", 32) * Int("workers", 1);

    public int Workers => Int("workers", 1);

    /// <summary>The cell this repeat belongs to: its id without the repeat.</summary>
    public string CellKey => $"{Group}/{Target}/{Scenario}/{(Connections is { } c ? $"c{c}" : $"r{Rate?.ToString(CultureInfo.InvariantCulture)}")}";

    /// <summary>"asgi · users-50ms · 1,000 connections", for sentences.</summary>
    public string Label => $"{Target} · {Scenario} · {(Connections is { } c ? $"{c:N0} connections" : $"{Rate:N0} req/s")}";

    public string Option(string name, string fallback) => Options.GetValueOrDefault(name, fallback);

    private int Int(string name, int fallback) => Options.TryGetValue(name, out var v) && int.TryParse(v, CultureInfo.InvariantCulture, out int n) ? n : fallback;

    private double? QueryNumber(string name)
    {
        if (Path is null || Path.IndexOf('?') is var q && q < 0) return null;
        foreach (var pair in Path[(q + 1)..].Split('&'))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == name && double.TryParse(kv[1], CultureInfo.InvariantCulture, out double d)) return d;
        }
        return null;
    }

    /// <summary>One fact per repeat of every cell, in run order.</summary>
    public static IReadOnlyList<CellFacts> From(IEnumerable<CellResult> cells) => cells.Select(One).ToList();

    private static CellFacts One(CellResult c)
    {
        string? path = c.Scenario.Options.ValueKind == JsonValueKind.Object && c.Scenario.Options.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var facts = new CellFacts
        {
            Id = c.Id,
            Claim = c.Claim,
            Group = c.Group,
            Target = c.Target.Name,
            Model = c.Target.Model,
            Framework = c.Target.Framework,
            Options = c.Target.Options,
            ScenarioKind = c.Scenario.Kind,
            Scenario = c.Scenario.Name,
            Path = path,
            Connections = c.Connections,
            Rate = c.Rate,
            Repeat = c.Repeat,
            Status = c.Status,
            Trickling = c.Scenario.Kind == TrickleProbeNames.Kind && c.Scenario.Options.ValueKind == JsonValueKind.Object
                && c.Scenario.Options.TryGetProperty("clients", out var n) && n.TryGetInt32(out int clients) ? clients : null,
        };
        if (c.Status != CellStatus.Completed || c.Run is not { } run)
            return facts with { Excluded = c.Reason ?? (c.Status == CellStatus.Completed ? "no run recorded" : c.Status) };
        double seconds = Math.Max(1e-9, run.Totals.DurationSeconds);
        var probe = run.Scenarios?.FirstOrDefault(part => part.Name == TrickleProbeNames.Probe)?.Result;
        var stream = run.Stream;
        var held = stream is null ? null : HeldGauges.Where(stream.Gauges.ContainsKey).Select(g => (long?)(stream.Gauges[g].AtHoldEnd ?? stream.Gauges[g].Peak)).FirstOrDefault();
        var stats = c.Samples.Where(s => s.Phase != "stop").ToList();
        return facts with
        {
            Excluded = run.Validity.Valid ? null : "generator-bound: " + string.Join("; ", run.Validity.Reasons),
            Throughput = run.Totals.Ok / seconds,
            ErrorRate = run.Totals.ErrorRate,
            P50Ms = run.Latency.Latency.P50 / 1000.0,
            P99Ms = run.Latency.Latency.P99 / 1000.0,
            PeakRssBytes = c.Server?.PeakRssBytes ?? 0,
            PeakThreads = c.Server?.PeakThreads ?? 0,
            // The /stats request that reports busy threads occupies one itself (on WSGI).
            PeakBusyThreads = c.Server?.PeakBusyThreads is { } busy ? Math.Max(0, busy - (c.Target.Model == "wsgi" ? 1 : 0)) : null,
            CpuMsPerRequest = c.Server?.CpuSecondsPerRequest * 1000,
            Settled = c.Server?.Settled,
            ClientHeld = held,
            ServerHeld = c.Scenario.Kind == "sse" ? c.Server?.PeakOpenSseStreams : c.Scenario.Kind.StartsWith("ws", StringComparison.Ordinal) ? c.Server?.PeakOpenWebsockets : null,
            StatsAsked = stats.Count,
            StatsAnswered = stats.Count(s => s.Stats is not null),
            LagP50Ms = Ms(stream, "lag", l => l.P50),
            LagP99Ms = Ms(stream, "lag", l => l.P99),
            FirstEventP50Ms = Ms(stream, "first_event", l => l.P50),
            FirstEventP99Ms = Ms(stream, "first_event", l => l.P99),
            ProbeThroughput = probe is null ? null : probe.Totals.Ok / Math.Max(1e-9, probe.Totals.DurationSeconds),
            ProbeErrorRate = probe?.Totals.ErrorRate,
            // A probe that got no answer has no latency: its histogram is empty, not 0 ms.
            ProbeP99Ms = probe is null || probe.Totals.Ok == 0 ? null : probe.Latency.Latency.P99 / 1000.0,
        };
    }

    // Gauges that count established long-lived sessions: SSE's "streaming" (receiving, not queued
    // behind a busy pool), WebSocket's and hold's "open".
    private static readonly string[] HeldGauges = ["streaming", "open"];

    private static double? Ms(Bench.Load.Results.StreamResult? stream, string name, Func<Bench.Load.Results.LatencySummary, long> pick) =>
        stream is not null && stream.Latencies.TryGetValue(name, out var l) && l.Count > 0 ? pick(l) / 1000.0 : null;
}
