using System.Text.Json;
using Bench.Compare.Model;

namespace Bench.Compare.Inputs;

/// <summary>
/// Counts written by <c>Bench.Micro instructions</c>: instructions per operation (callgrind) and
/// bytes allocated per operation, for micro-benchmark methods and the twins' request paths. The
/// operation's name is the cell.
/// </summary>
internal static class InstructionReader
{
    public const string Tool = "bench-instructions";

    /// <summary>Counted with all threads summed: the file says so ("threads": "all"); files from before it said are read by name (micro-benchmarks and the calibration run on their own thread).</summary>
    private static bool AllThreads(JsonElement op, string name) =>
        op.Get("threads").String() is { } threads ? threads == "all" : !(name.StartsWith("micro ", StringComparison.Ordinal) || name.StartsWith("calibration ", StringComparison.Ordinal));

    public static void Read(JsonElement root, ResultSet into)
    {
        into.AddHost(root.Get("host").String());
        foreach (var op in root.Get("operations").Items())
        {
            if (op.Get("name").String() is not { } name) continue;
            if (op.Get("instructionsPerOp").Number() is { } instructions) into.Add(name, AllThreads(op, name) ? MetricIds.InstructionsPerOpAllThreads : MetricIds.InstructionsPerOp, instructions);
            if (op.Get("noise").Number() is { } noise) into.Add(name, MetricIds.InstructionNoise, noise);
            if (op.Get("allocatedBytesPerOp").Number() is { } bytes) into.Add(name, MetricIds.AllocatedPerOp, bytes);
            if (op.Get("allocatedBytesNoise").Number() is { } bytesNoise) into.Add(name, MetricIds.AllocationNoise, bytesNoise);
        }
    }
}
