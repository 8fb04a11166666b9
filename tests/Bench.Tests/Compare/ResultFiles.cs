using System.Text.Json;

namespace Bench.Tests.Compare;

/// <summary>
/// Writes synthetic results in the shapes compare reads — loadgen runs, ab trials, suite results,
/// BenchmarkDotNet full JSON — as plain JSON, so these tests pin the file formats rather than
/// the in-memory records other issues are still growing.
/// </summary>
internal sealed class ResultFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("bench-compare-").FullName;

    public string Dir(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    public static object Run(double rate, double p50, double p99, long failed = 0, DateTimeOffset? at = null, string host = "ci-host", object? stream = null) => new
    {
        schemaVersion = 2,
        tool = "loadgen",
        status = "completed",
        startedAt = at ?? new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero),
        endedAt = (at ?? new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)).AddSeconds(3),
        config = new { scenario = "http", target = "http://127.0.0.1:41234/hello", modelDescription = "8 VUs for 3s" },
        machine = new { hostname = host },
        totals = new { requests = (long)(rate * 3) + failed, ok = (long)(rate * 3), failed, rate },
        latency = new { latency = new { count = (long)(rate * 3), p50, p99 } },
        stream,
    };

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
