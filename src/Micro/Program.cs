using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot paths. Two tiers of the regression gate come from here:
// `dotnet run -c Release --project src/Micro -- --filter '*'` runs them under BenchmarkDotNet with
// allocations per operation (results in BenchmarkDotNet.Artifacts); `-- instructions` counts
// instructions per operation of the same methods and of the twins' request paths under callgrind.
if (args.Length > 0 && args[0] is "instructions" or "instructions-child")
    return Bench.Micro.Instructions.InstructionCli.Run(args);

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(JsonExporter.Full);
BenchmarkSwitcher.FromAssembly(typeof(Bench.Micro.RequestParsingBenchmarks).Assembly).Run(args, config);
return 0;
