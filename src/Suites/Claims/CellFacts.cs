using System.Globalization;
using System.Text.Json;
using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// The figures the claims rules read from one completed cell (the median over its repeats).
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

    /// <summary>Successful responses per second over the measured phase.</summary>
    public double Throughput { get; init; }
    public double ErrorRate { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long PeakRssBytes { get; init; }
    public int PeakThreads { get; init; }
    public long? PeakBusyThreads { get; init; }
    public long? PeakOpenWebsockets { get; init; }
    public long? PeakOpenSseStreams { get; init; }
    public double? CpuMsPerRequest { get; init; }
    public bool Valid { get; init; } = true;
    public int Repeats { get; init; } = 1;

    /// <summary>The app's simulated wait from the path's query (wait_ms), in seconds.</summary>
    public double? WaitSeconds => QueryNumber("wait_ms") is { } ms ? ms / 1000 : null;

    /// <summary>WSGI threads available for requests: threads × workers (bench-server defaults 32 × 1).</summary>
    public int Pool => Int("threads", 32) * Int("workers", 1);

    public int Workers => Int("workers", 1);

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

    /// <summary>Completed cells, one fact per (group, target, scenario, load) with the median over repeats.</summary>
    public static IReadOnlyList<CellFacts> From(IEnumerable<CellResult> cells) =>
        cells.Where(c => c.Status == CellStatus.Completed && c.Run is not null)
            .Select(One)
            .GroupBy(f => (f.Group, f.Target, f.Scenario, f.Connections, f.Rate))
            .Select(Median)
            .ToList();

    private static CellFacts One(CellResult c)
    {
        var run = c.Run!;
        double seconds = Math.Max(1e-9, run.Totals.DurationSeconds);
        string? path = c.Scenario.Options.ValueKind == JsonValueKind.Object && c.Scenario.Options.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return new CellFacts
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
            Throughput = run.Totals.Ok / seconds,
            ErrorRate = run.Totals.ErrorRate,
            P50Ms = run.Latency.Latency.P50 / 1000.0,
            P99Ms = run.Latency.Latency.P99 / 1000.0,
            PeakRssBytes = c.Server?.PeakRssBytes ?? 0,
            PeakThreads = c.Server?.PeakThreads ?? 0,
            // The /stats request that reports busy threads occupies one itself (on WSGI).
            PeakBusyThreads = c.Server?.PeakBusyThreads is { } busy ? Math.Max(0, busy - (c.Target.Model == "wsgi" ? 1 : 0)) : null,
            PeakOpenWebsockets = c.Server?.PeakOpenWebsockets,
            PeakOpenSseStreams = c.Server?.PeakOpenSseStreams,
            CpuMsPerRequest = c.Server?.CpuSecondsPerRequest * 1000,
            Valid = run.Validity.Valid,
        };
    }

    private static CellFacts Median(IEnumerable<CellFacts> repeats)
    {
        var r = repeats.OrderBy(f => f.Throughput).ToList();
        // The repeat with the median throughput stands for the cell, so its figures stay consistent with each other.
        var mid = r[r.Count / 2];
        return mid with { Repeats = r.Count, Valid = r.All(f => f.Valid) };
    }
}
