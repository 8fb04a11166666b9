using System.Text.Json;
using Bench.Load.Metrics;
using Bench.Reporting.Model;
using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Tests.Reporting;

/// <summary>
/// Builds report inputs without running load: RunResults whose histograms and series are real
/// HdrHistogram encodings of a made-up latency shape, so charts and tables get realistic data.
/// </summary>
internal static class SyntheticResults
{
    public static readonly MachineInfo Machine = new("test-host", "Linux", "6.1", "X64", "Test CPU @ 2.0GHz", 2, [0, 1], 8L << 30, ".NET 10.0.0", "0.0.0", "workstation");

    /// <summary>A closed-model result at <paramref name="vus"/> connections: latency grows with load, with a long tail.</summary>
    public static RunResult Run(string target, int vus, double rate, double medianMs, int seconds = 5, double? offered = null,
        IReadOnlyDictionary<string, long>? statusCodes = null, IReadOnlyDictionary<string, long>? errors = null, int seed = 1)
    {
        var random = new Random(seed);
        var total = LatencyRecorder.NewHistogram();
        var series = new List<TimeSeriesPoint>();
        long perSecond = Math.Max(50, (long)Math.Min(rate, 500));
        for (int s = 1; s <= seconds; s++)
        {
            var h = LatencyRecorder.NewHistogram();
            for (int i = 0; i < perSecond; i++)
            {
                // Log-normal-ish body plus a rare 20x tail: the shape a spectrum chart exists to show.
                double ms = medianMs * Math.Exp(0.5 * Normal(random)) * (random.NextDouble() < 0.002 ? 20 : 1);
                long us = Math.Max(1, (long)(ms * 1000));
                h.RecordValue(us);
                total.RecordValue(us);
            }
            series.Add(new TimeSeriesPoint(s, s, perSecond, errors is null ? 0 : s % 2, rate, 0, vus,
                h.GetValueAtPercentile(50), h.GetValueAtPercentile(99), h.GetMaxValue(), perSecond * 150, HistogramCodec.Encode(h)));
        }
        long requests = (long)(rate * seconds);
        long failed = errors?.Values.Sum() ?? 0;
        var summary = Percentiles.Summarize(total);
        var modelParameters = offered is { } r
            ? JsonSerializer.SerializeToElement(new { rate = r, duration = $"00:00:{seconds:00}", vus })
            : JsonSerializer.SerializeToElement(new { vus, duration = $"00:00:{seconds:00}" });
        return new RunResult
        {
            Status = RunStatus.Completed,
            StartedAt = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
            Config = new RunConfig("http", target, offered is null ? "constant-vus" : "constant-rate", "test", modelParameters, 1, 5, 10, [], null, null),
            Machine = Machine,
            Totals = new Totals(requests, requests - failed, failed, 0, seconds, rate, requests > 0 ? (double)failed / requests : 0,
                requests * 150, requests * 60, errors ?? new Dictionary<string, long>(), statusCodes ?? new Dictionary<string, long> { ["200"] = requests - failed }),
            Latency = new LatencyBreakdown(summary, summary, summary, summary, summary),
            Series = series,
            Histograms = new Dictionary<string, string> { ["latency"] = HistogramCodec.Encode(total) },
            Validity = new Validity(true, [], 20, 1, 100, 100, 0, 0),
        };
    }

    /// <summary>
    /// The shape of the claims suite: seven claims over three targets, connection sweeps with
    /// server samples, a rate sweep, long-lived-connection metrics and one failed cell.
    /// </summary>
    public static ReportRun ClaimsSized()
    {
        string[] targets = ["wsgi", "asgi", "kestrel"];
        int[] connections = [10, 100, 1000];
        var cells = new List<ReportCell>();
        var claims = new List<ReportClaim>();
        for (int claim = 1; claim <= 7; claim++)
        {
            var ids = new List<string>();
            foreach (string target in targets)
                foreach (int c in connections)
                {
                    bool wsgi = target == "wsgi";
                    double rate = wsgi ? Math.Min(c, 32) * 18 : c * 18;
                    string id = $"claim{claim}/{target}/c{c}/1";
                    var metrics = new Dictionary<string, double>();
                    if (claim == 5) { metrics["sse.requested"] = c; metrics["sse.held"] = wsgi ? Math.Min(c, 32) : c; metrics["streams.held"] = c; }
                    if (claim == 4) { metrics["ws.requested"] = c; metrics["ws.held"] = wsgi ? Math.Min(c, 32) : c; metrics["ws.close.1000"] = c; }
                    cells.Add(new ReportCell
                    {
                        Id = id, Target = target, Scenario = "users", Group = $"claim{claim}", Connections = c, Repeat = 1,
                        Result = Run(target, c, rate, wsgi ? 50 + c / 10.0 : 50, seed: cells.Count,
                            errors: wsgi && c == 1000 ? new Dictionary<string, long> { ["timeout"] = 40 } : null),
                        Samples = Enumerable.Range(0, 6).Select(s => new ServerSample(s, (40L + (wsgi ? c / 4 : 2)) << 20, wsgi ? 32 + 4 : 6, wsgi ? 60 : 35, 20 + c, c)).ToList(),
                        Metrics = metrics,
                    });
                    ids.Add(id);
                }
            claims.Add(new ReportClaim
            {
                Id = claim.ToString(), Title = $"Claim number {claim}", Measured = "throughput vs concurrency",
                Verdict = (claim % 3) switch { 0 => Verdicts.Supported, 1 => Verdicts.Depends, _ => Verdicts.NotSupported },
                Numbers = [new ClaimNumber("wsgi rate at c=1000", "576 req/s"), new ClaimNumber("asgi rate at c=1000", "18,000 req/s")],
                Explanation = "Synthetic verdict for a test.",
                CellIds = ids,
            });
        }
        foreach (double offered in new[] { 100.0, 400, 1600, 3200 })
        {
            string id = $"capacity/asgi/r{offered}/1";
            cells.Add(new ReportCell
            {
                Id = id, Target = "asgi", Scenario = "hello", OfferedRate = offered,
                Result = Run("asgi", 100, Math.Min(offered, 2000), offered > 2000 ? 400 : 1, offered: offered, seed: (int)offered),
            });
        }
        cells.Add(new ReportCell { Id = "claim2/wsgi/c5000/1", Target = "wsgi", Scenario = "users", Connections = 5000, Status = "failed", Error = "target exited with code 1" });
        return new ReportRun
        {
            RunId = "20250101-120000-claims", Source = "synthetic", SuiteName = "claims", StartedAt = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
            GitCommit = "0123456789abcdef", Machine = new ReportMachine("test-host", "Linux", "6.1", "Test CPU", 2, 8L << 30, ".NET 10.0.0", "workstation"),
            Pinning = "targets on CPU 1, loadgen on CPU 0", SuiteDefinition = "{ \"name\": \"claims\" }", Cells = cells, Claims = claims,
        };
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
