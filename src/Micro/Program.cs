using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot paths, with allocations per operation (the deterministic tier of the
// regression gate). `dotnet run -c Release --project src/Micro -- --filter '*'` runs them all; results land in BenchmarkDotNet.Artifacts.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(JsonExporter.Full);
BenchmarkSwitcher.FromAssembly(typeof(Bench.Micro.RequestParsingBenchmarks).Assembly).Run(args, config);
