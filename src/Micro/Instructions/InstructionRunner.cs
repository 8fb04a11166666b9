using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Micro.Instructions;

/// <summary>
/// Runs the counting child under callgrind and turns its dumps into instructions per operation:
/// per round, (Ir of the 2N phase − Ir of the N phase) / N, and the median of the rounds. The
/// child's runtime is fixed so two builds count the same way: tiered compilation off (each
/// method JIT-compiled once, fully optimised, before counting starts; no background
/// recompilation to land in a phase), a 256 MiB gen0 budget (no collection inside a phase),
/// no spinning (one CPU as far as the runtime knows, and no thread-pool spin: spin counts
/// depend on how threads interleave, not on the code), and the
/// inline socket completions bench-server sets for its twins.
/// </summary>
public static class InstructionRunner
{
    public const string Tool = "bench-instructions";

    public static readonly IReadOnlyDictionary<string, string> ChildEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_TieredCompilation"] = "0",
        ["DOTNET_GCgen0size"] = "0x10000000",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
        ["DOTNET_PROCESSOR_COUNT"] = "1",
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
    };

    public static async Task<int> RunAsync(InstructionOptions options, TextWriter log)
    {
        var started = DateTimeOffset.UtcNow;
        if (options.WorkPercent is { } percent)
        {
            int iterations = WorkIterations(percent, options.WorkBase!);
            options = options with { Environment = [.. options.Environment, $"{Bench.Servers.App.ArtificialWork.Variable}={iterations}"] };
        }
        log.WriteLine($"instructions: counting under callgrind ({string.Join(" ", options.Environment.DefaultIfEmpty("no extra environment"))})");
        // Two processes, counted at once (a count does not depend on the machine's load): the
        // micro-benchmarks run on one thread, so only that thread is counted (no runtime thread
        // waking on a timer can add to them); a request path spans the client's and the server's
        // threads, so all threads are.
        var parts = new List<Task<CountedPart>>();
        if (options.Micro) parts.Add(CountAsync(options with { Twins = [] }, onlyOwnThread: true));
        if (options.Twins.Count > 0) parts.Add(CountAsync(options with { Micro = false }, onlyOwnThread: false));
        var results = await Task.WhenAll(parts);
        foreach (var failed in results.Where(r => r.Error is not null))
        {
            Console.Error.WriteLine($"instructions: {failed.Error}");
            return failed.ExitCode;
        }
        var perOp = results.SelectMany(r => r.Operations).ToList();
        var result = Result(options, perOp, started);
        if (options.Out is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        foreach (var op in perOp)
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {op.Name,-48} {op.PerOperation,12:N1} instructions/op  ±{op.Noise,6:P2}  {op.BytesPerOperation,8:N0} B/op ±{op.BytesNoise:N0}"));
        return 0;
    }

    private sealed record CountedPart(IReadOnlyList<OperationCount> Operations, string? Error = null, int ExitCode = 0);

    private static async Task<CountedPart> CountAsync(InstructionOptions options, bool onlyOwnThread)
    {
        string work = Directory.CreateTempSubdirectory("bench-instructions-").FullName;
        try
        {
            string outFile = Path.Combine(work, "callgrind.out");
            string phasesFile = Path.Combine(work, "phases.json");
            var start = new ProcessStartInfo("valgrind") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "--tool=callgrind", $"--dump-before={CallgrindMarker.Function}", $"--callgrind-out-file={outFile}", $"--separate-threads={(onlyOwnThread ? "yes" : "no")}" })
                start.ArgumentList.Add(arg);
            start.ArgumentList.Add(Environment.ProcessPath!);
            foreach (var arg in ChildArguments(options, phasesFile)) start.ArgumentList.Add(arg);
            foreach (var (key, value) in ChildEnvironment) start.Environment[key] = value;
            foreach (var pair in options.Environment)
            {
                int eq = pair.IndexOf('=');
                start.Environment[pair[..eq]] = pair[(eq + 1)..];
            }
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return new CountedPart([], "valgrind not found (apt-get install valgrind)", 2);
            }
            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                var stdout = process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                await stdout;
                if (process.ExitCode != 0 || !File.Exists(phasesFile))
                    return new CountedPart([], $"the counted process failed (exit {process.ExitCode}): {Tail(await stderr)}", 1);
            }
            var phases = JsonSerializer.Deserialize<List<Phase>>(File.ReadAllText(phasesFile))!;
            var dumps = CallgrindDumps.Read(outFile);
            // One dump per marker; the one written at exit is not read.
            if (dumps.Count != phases.Count)
                return new CountedPart([], $"{dumps.Count} callgrind dumps for {phases.Count} phases: something else called {CallgrindMarker.Function}; counts cannot be attributed", 1);
            var operations = PerOperation(phases, dumps);
            foreach (var op in operations) op.AllThreads = !onlyOwnThread;
            return new CountedPart(operations);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Per operation: (min Ir(2N) − min Ir(N)) / N over the rounds. What disturbs a count here
    /// only ever adds instructions (a runtime thread waking on a timer, a wake-up that took a
    /// slower path), so each phase's least count over the rounds is its cleanest, and the
    /// difference of the two cleanest is the operation's own cost. A phase with a collection in
    /// it is refused, not averaged in.
    /// </summary>
    public static IReadOnlyList<OperationCount> PerOperation(IReadOnlyList<Phase> phases, IReadOnlyList<long> dumps)
    {
        var counts = new Dictionary<string, OperationCount>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int i = 0; i + 1 < phases.Count; i++)
        {
            var (shortPhase, longPhase) = (phases[i], phases[i + 1]);
            if (shortPhase.Kind != "measure" || longPhase.Kind != "measure" || longPhase.Operation != shortPhase.Operation || longPhase.Count != 2 * shortPhase.Count)
                continue;
            if (shortPhase.Collections > 0 || longPhase.Collections > 0)
                throw new InvalidOperationException($"{shortPhase.Operation}: a garbage collection ran inside a measured phase; lower N");
            if (!counts.TryGetValue(shortPhase.Operation, out var count))
            {
                counts[shortPhase.Operation] = count = new OperationCount(shortPhase.Operation, shortPhase.Count);
                order.Add(shortPhase.Operation);
            }
            // Phase i ends at marker i+1, whose dump (the i-th, from 0) holds what ran since the marker before.
            count.Short.Add(dumps[i]);
            count.Long.Add(dumps[i + 1]);
            count.ShortBytes.Add(shortPhase.AllocatedBytes);
            count.LongBytes.Add(longPhase.AllocatedBytes);
            i++;
        }
        return order.Select(name => counts[name]).ToList();
    }

    private static IEnumerable<string> ChildArguments(InstructionOptions options, string phasesFile)
    {
        yield return "instructions-child";
        yield return "--n";
        yield return options.N.ToString(CultureInfo.InvariantCulture);
        yield return "--rounds";
        yield return options.Rounds.ToString(CultureInfo.InvariantCulture);
        yield return "--phases";
        yield return phasesFile;
        if (!options.Micro) yield return "--no-micro";
        yield return "--twins";
        yield return string.Join(",", options.Twins);
        if (options.Filter is { } filter)
        {
            yield return "--filter";
            yield return filter;
        }
    }

    /// <summary>The request path as the gate judges it: the ASGI twin's dispatch of GET /hello in process, on one thread.</summary>
    public const string GatedRequestPath = "micro AsgiDispatch.DispatchHello";

    /// <summary>
    /// BENCH_ARTIFICIAL_WORK iterations that add <paramref name="percent"/> % to the request path the
    /// gate judges (<see cref="GatedRequestPath"/>; the cheapest HTTP request over loopback if the
    /// base did not count it), from the base's own calibration of the loop. Over loopback the same
    /// work is a smaller share, since those paths also count the client and the sockets.
    /// </summary>
    public static int WorkIterations(double percent, string baseFile)
    {
        var root = JsonNode.Parse(File.ReadAllText(baseFile))!;
        double perIteration = root["calibration"]?["spinInstructionsPerIteration"]?.GetValue<double>()
            ?? throw new InvalidDataException($"--work-base: {baseFile} has no calibration (an older format?)");
        var operations = root["operations"]!.AsArray();
        double Cost(Func<string, bool> match) => operations
            .Where(o => match(o!["name"]!.GetValue<string>()))
            .Select(o => o!["instructionsPerOp"]!.GetValue<double>())
            .DefaultIfEmpty(double.NaN).Min();
        double cost = Cost(name => name == GatedRequestPath);
        if (double.IsNaN(cost)) cost = Cost(name => name.Contains(" GET ", StringComparison.Ordinal));
        if (double.IsNaN(cost)) throw new InvalidDataException($"--work-base: {baseFile} counted no request path ({GatedRequestPath} or an HTTP GET)");
        return Math.Max(1, (int)Math.Round(percent / 100 * cost / perIteration));
    }

    private static JsonObject Result(InstructionOptions options, IReadOnlyList<OperationCount> perOp, DateTimeOffset started)
    {
        var operations = new JsonArray();
        var calibration = new JsonObject();
        foreach (var op in perOp.Where(p => p.Name == CountingChild.CalibrationName))
            calibration["spinInstructionsPerIteration"] = op.PerOperation / CountingChild.SpinIterations;
        foreach (var op in perOp.Where(p => p.Name != CountingChild.CalibrationName))
            operations.Add(new JsonObject
            {
                ["name"] = op.Name,
                ["instructionsPerOp"] = op.PerOperation,
                ["noise"] = op.Noise,
                ["threads"] = op.AllThreads ? "all" : "own",
                ["allocatedBytesPerOp"] = op.BytesPerOperation,
                ["allocatedBytesNoise"] = op.BytesNoise,
                ["rounds"] = new JsonArray(op.Rounds.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["phaseN"] = new JsonArray(op.Short.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["phase2N"] = new JsonArray(op.Long.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
            });
        return new JsonObject
        {
            ["tool"] = Tool,
            ["schemaVersion"] = 1,
            ["host"] = Environment.MachineName,
            ["start"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["end"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["method"] = "callgrind Ir between markers, (min Ir(2N) - min Ir(N)) / N over rounds (micro-benchmarks: their own thread; request paths: all threads); TieredCompilation=0, one CPU",
            ["n"] = options.N,
            ["rounds"] = options.Rounds,
            ["environment"] = new JsonArray(options.Environment.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
            ["calibration"] = calibration,
            ["operations"] = operations,
        };
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("==", StringComparison.Ordinal) && !l.StartsWith("at ", StringComparison.Ordinal)).Take(5);
        return string.Join(" | ", lines);
    }
}
