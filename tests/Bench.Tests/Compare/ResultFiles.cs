using System.Text.Json;
using Bench.Load.Results;
using Bench.Suites.Results;

namespace Bench.Tests.Compare;

/// <summary>
/// Writes results compare reads: loadgen runs and suite results as the very records loadgen writes
/// (<see cref="RunResult"/>, <see cref="SuiteResults"/>, serialised as loadgen serialises them), ab
/// trials around them, and BenchmarkDotNet full JSON, which is not Bench's own format, as plain JSON.
/// </summary>
internal sealed class ResultFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("bench-compare-").FullName;

    public string Dir(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    private static readonly MachineInfo Machine = new("ci-host", "Linux", "6.1", "X64", "Test CPU", 2, [0, 1], 8L << 30, ".NET 10.0.0", "0.1.0", "workstation");

    /// <summary>A 3-second closed-model run: its rate, median and p99 (µs), failures, when and where it ran.</summary>
    public static JsonElement Run(double rate, double p50, double p99, long failed = 0, DateTimeOffset? at = null, string host = "ci-host", StreamResult? stream = null)
    {
        var start = at ?? new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        long ok = (long)(rate * 3);
        long median = (long)Math.Round(p50), tail = (long)Math.Round(p99);
        var latency = new LatencySummary(ok, median, 0, median, median, median, tail, tail, tail, tail, tail, tail);
        var result = new RunResult
        {
            Status = RunStatus.Completed,
            StartedAt = start,
            UpdatedAt = start.AddSeconds(3),
            EndedAt = start.AddSeconds(3),
            Config = new RunConfig("http", "http://127.0.0.1:41234/hello", "constant-vus", "8 VUs for 3s", JsonSerializer.SerializeToElement(new { vus = 8 }), 0, 1, 10, [], null, null),
            Machine = Machine with { Hostname = host },
            Totals = new Totals(ok + failed, ok, failed, 0, 3, rate, ok + failed > 0 ? (double)failed / (ok + failed) : 0, 0, 0,
                new Dictionary<string, long>(), new Dictionary<string, long> { ["200"] = ok }),
            Latency = new LatencyBreakdown(latency, latency, latency, latency, latency),
            Validity = new Validity(true, [], 20, 1, 100, 100, 0, 0),
            Stream = stream,
        };
        return JsonSerializer.SerializeToElement(result, ResultsJson.Options);
    }

    /// <summary>A suite's results of these cells (each its id, status, run and the server's peak threads).</summary>
    public static JsonElement Suite(params (string Id, string Status, JsonElement? Run, int? PeakThreads)[] cells)
    {
        var environment = new RunEnvironment(Machine, "6.1", 8L << 30, "10.0.0", null, false, null, new Pinning(false, [], [], "none", null), "monotonic");
        var results = new SuiteResults
        {
            RunId = "run",
            SuiteName = "smoke",
            Suite = JsonSerializer.SerializeToElement(new { name = "smoke" }),
            Environment = environment,
            Status = RunStatus.Completed,
            PlannedCells = cells.Length,
            Cells = cells.Select((c, i) => new CellResult
            {
                Index = i,
                Id = c.Id,
                Group = c.Id.Split('/')[0],
                Target = new CellTarget(c.Id.Split('/')[1], c.Id.Split('/')[1], c.Id.Split('/')[1], null, new Dictionary<string, string>(), null, null, null, null),
                Scenario = new CellScenario(c.Id.Split('/')[2], "http", null, JsonSerializer.SerializeToElement(new { })),
                Status = c.Status,
                Run = c.Run?.Deserialize<RunResult>(ResultsJson.Options),
                Server = c.PeakThreads is { } threads ? new ServerSummary(0, 0, threads, 0, 1, 0, 0, null, null, null, null, null) : null,
            }).ToList(),
        };
        return JsonSerializer.SerializeToElement(results, ResultsJson.Options);
    }

    public static object Trial(string cell, string side, int trial, object run, int threads = 40) => new
    {
        tool = "loadgen-ab-trial",
        schemaVersion = 1,
        cell,
        side,
        trial,
        serverThreads = threads,
        run,
    };

    public static object Bdn(params (string Name, double Bytes)[] benchmarks) => new
    {
        Title = "synthetic",
        HostEnvironmentInfo = new { BenchmarkDotNetVersion = "0.15.8" },
        Benchmarks = benchmarks.Select(b => new
        {
            FullName = b.Name,
            Statistics = new { Mean = 100.0, Median = 100.0 },
            Memory = new { Gen0Collections = 0, BytesAllocatedPerOperation = b.Bytes },
        }).ToArray(),
    };

    public string Write(string dir, string name, object content)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, JsonSerializer.Serialize(content));
        return path;
    }

    /// <summary>n interleaved trials per side: side A at minute 2i, side B at 2i+1, so both spans overlap like a real ab run.</summary>
    public (string Base, string Head) Interleaved(string cell, Func<int, object> baseRun, Func<int, object> headRun, int n)
    {
        string b = Dir("base"), h = Dir("head");
        for (int i = 0; i < n; i++)
        {
            Write(b, $"trial-{i:00}.json", Trial(cell, "base", i, baseRun(i)));
            Write(h, $"trial-{i:00}.json", Trial(cell, "head", i, headRun(i)));
        }
        return (b, h);
    }

    public static DateTimeOffset Minute(int m) => new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(m);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
