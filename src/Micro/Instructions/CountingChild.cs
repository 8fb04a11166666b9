using System.Globalization;
using System.Text.Json;

namespace Bench.Micro.Instructions;

/// <summary>
/// The process callgrind counts. Micro-benchmark operations are counted first, before any server
/// exists, so no server thread can add to them; then the twins start and their request paths are
/// counted. Each operation is warmed up once (tiered compilation is off in this process, so that
/// compiles every method at its final tier), then measured in rounds of N and 2N operations
/// between markers; the runner takes (count(2N) − count(N)) / N, which cancels whatever a phase
/// costs besides the operations. A full collection runs in a phase of its own before each pair,
/// and gen0 is made large, so no GC lands inside a measured phase (each phase records the GC
/// count, and the runner refuses a phase with one). Allocated bytes are taken per phase the
/// same way, so allocations per operation come from the same run, for every operation.
/// </summary>
public static class CountingChild
{
    public static async Task<int> RunAsync(InstructionOptions options)
    {
        var phases = new List<Phase>();
        CallgrindMarker.Mark();
        phases.Add(new Phase("start", "", 0, 0, 0));
        int counted = 0;
        if (options.Micro) counted += Measure([.. Selected(MicroOperations.All(), options), Calibration], options, phases, ownThread: true);
        // The servers are left running: the process ends right after, and a graceful stop under
        // callgrind takes long and counts nothing useful.
        var paths = new RequestPaths();
        counted += Measure(Selected(await paths.StartAsync(options.Twins), options), options, phases, ownThread: false);
        File.WriteAllText(options.PhasesFile!, JsonSerializer.Serialize(phases));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"counted {counted} operations, {options.Rounds} rounds of N={options.N} and 2N"));
        Console.Out.Flush();
        Environment.Exit(0);
        return 0;
    }

    /// <summary>
    /// The test-only work hook's loop, 1,000 iterations per operation: its instructions per
    /// iteration let the runner size BENCH_ARTIFICIAL_WORK to a given share of a request.
    /// </summary>
    public static readonly Operation Calibration = new(CalibrationName, count =>
    {
        for (int i = 0; i < count; i++) Bench.Servers.App.ArtificialWork.Spin(SpinIterations);
    });

    public const string CalibrationName = "calibration ArtificialWork.Spin x1000";

    public const int SpinIterations = 1000;

    private static List<Operation> Selected(IEnumerable<Operation> operations, InstructionOptions options) =>
        operations.Where(o => options.Filter is null || o.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Allocations are the process's for request paths (server threads allocate too) and the own
    /// thread's for micro-benchmarks, which run on it alone: a runtime thread allocating at a
    /// moment set by the wall clock must not land in their figure.
    /// </summary>
    private static int Measure(IReadOnlyList<Operation> operations, InstructionOptions options, List<Phase> phases, bool ownThread)
    {
        Func<long> allocatedBytes = ownThread ? GC.GetAllocatedBytesForCurrentThread : () => GC.GetTotalAllocatedBytes(precise: true);
        foreach (var op in operations) op.Run(options.N);
        CallgrindMarker.Mark();
        phases.Add(new Phase("warm-up", "", 0, 0, 0));
        for (int round = 0; round < options.Rounds; round++)
        {
            foreach (var op in operations)
            {
                GC.Collect();
                // A full collection lets ArrayPool.Shared trim: its callback runs on the finalizer
                // thread, after the collection, and drops buffers by how long ago (wall clock) they
                // were used, so whether the next phase re-rents them, and counts those bytes and
                // instructions, depended on how slowly callgrind had run. Wait for the callback,
                // then run the operation a few times: both phases start with the pools refilled.
                GC.WaitForPendingFinalizers();
                op.Run(Math.Max(1, options.N / 4));
                CallgrindMarker.Mark();
                phases.Add(new Phase("gc", op.Name, 0, 0, 0));
                foreach (int n in new[] { options.N, 2 * options.N })
                {
                    int gcs = GC.CollectionCount(0);
                    long allocated = allocatedBytes();
                    op.Run(n);
                    long bytes = allocatedBytes() - allocated;
                    CallgrindMarker.Mark();
                    phases.Add(new Phase("measure", op.Name, n, GC.CollectionCount(0) - gcs, bytes));
                }
            }
        }
        return operations.Count;
    }
}

/// <summary>
/// What the instructions between two markers were spent on: <c>measure</c> phases ran
/// <see cref="Count"/> operations, which allocated <see cref="AllocatedBytes"/> in the whole
/// process (servers included).
/// </summary>
public sealed record Phase(string Kind, string Operation, int Count, int Collections, long AllocatedBytes);
