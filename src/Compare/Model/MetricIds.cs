namespace Bench.Compare.Model;

/// <summary>The names observations carry; the catalog gives each its tier and thresholds.</summary>
public static class MetricIds
{
    public const string Errors = "errors";
    public const string CellFailed = "cell.failed";
    public const string AllocatedPerOp = "alloc.bytesPerOp";
    public const string AllocationNoise = "alloc.noise";
    public const string InstructionsPerOp = "instructions.perOp";

    /// <summary>Instructions per op of an operation counted with all threads summed (a request path over loopback): shown, not gated.</summary>
    public const string InstructionsPerOpAllThreads = "instructions.perOp.allThreads";

    /// <summary>The counting run's own spread of instructions per op (a share): what the instruction threshold of that operation must clear.</summary>
    public const string InstructionNoise = "instructions.noise";
    public const string ServerThreads = "server.threads";
    public const string KiBPerIdleConnection = "server.kibPerIdleConnection";
    public const string Throughput = "throughput";
    public const string P50 = "latency.p50";
    public const string P99 = "latency.p99";
    public const string MicroMean = "micro.meanNs";

    /// <summary>A long-lived scenario's correctness counter: "sse.gaps", "ws.unmatched".</summary>
    public static string Stream(string kind, string counter) => $"{kind}.{counter}";
}
