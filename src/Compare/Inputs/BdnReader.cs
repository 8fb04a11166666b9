using System.Text.Json;
using Bench.Compare.Model;

namespace Bench.Compare.Inputs;

/// <summary>
/// BenchmarkDotNet's full JSON export (JsonExporter.Full): allocated bytes per operation, which
/// MemoryDiagnoser measures exactly for deterministic code and is the allocation gate, and the
/// mean time, shown as information only (a short job on a shared runner cannot gate on time).
/// </summary>
internal static class BdnReader
{
    public static bool IsBdn(JsonElement root) => root.Get("Benchmarks") is not null && root.Get("HostEnvironmentInfo") is not null;

    public static void Read(JsonElement root, ResultSet into)
    {
        foreach (var benchmark in root.Get("Benchmarks").Items())
        {
            string? name = benchmark.Get("FullName").String()
                ?? $"{benchmark.Get("Type").String()}.{benchmark.Get("Method").String()}";
            if (benchmark.Path("Memory", "BytesAllocatedPerOperation").Number() is { } bytes)
                into.Add(name, MetricIds.AllocatedPerOp, bytes);
            if (benchmark.Path("Statistics", "Mean").Number() is { } mean)
                into.Add(name, MetricIds.MicroMean, mean);
        }
    }
}
