using System.Diagnostics;
using System.Globalization;
using Bench.Suites;

namespace Bench.Compare.Ab;

/// <summary>
/// The A/B run: build both checkouts, then per target start base's and head's servers side by
/// side (both pinned to the server CPU; the idle one sleeps), warm each up, and run every cell's
/// trials in ABBA order. Trials land in OUT/base and OUT/head, which <c>loadgen compare</c> reads.
/// </summary>
public sealed class AbRunner(AbPlan plan, TextWriter log)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (plan.Build)
        {
            await CheckoutBuilder.BuildAsync(plan.BaseDir, log, cancellationToken).ConfigureAwait(false);
            if (!SameDirectory(plan.BaseDir, plan.HeadDir)) await CheckoutBuilder.BuildAsync(plan.HeadDir, log, cancellationToken).ConfigureAwait(false);
        }
        var (serverCpu, loadgenCpu) = Pinning();
        log.WriteLine(serverCpu is null ? "ab: not pinned (fewer than 2 CPUs or no taskset)" : $"ab: servers on CPU {serverCpu}, loadgen on CPU {loadgenCpu}");
        int total = plan.Cells.Count * plan.Trials * 2, done = 0;
        var clock = Stopwatch.StartNew();
        foreach (var group in plan.Cells.GroupBy(c => c.Target))
        {
            await using var baseServer = await StartServerAsync(plan.BaseDir, group.Key, serverCpu, plan.BaseEnvironment, cancellationToken).ConfigureAwait(false);
            await using var headServer = await StartServerAsync(plan.HeadDir, group.Key, serverCpu, plan.HeadEnvironment, cancellationToken).ConfigureAwait(false);
            foreach (var cell in group)
            {
                // Warm-up runs (discarded): JIT tiering and pools settle before anything counts.
                foreach (var server in new[] { baseServer, headServer })
                {
                    string warm = Scratch();
                    await LoadgenProcess.RunAsync(server.BaseUrl, cell.Path, cell.Connections, TimeSpan.FromSeconds(1), TimeSpan.Zero, loadgenCpu, warm, cancellationToken).ConfigureAwait(false);
                    File.Delete(warm);
                }
                int order = 0;
                foreach (var (trial, side) in TrialOrder.For(plan.Trials))
                {
                    var server = side == Side.Base ? baseServer : headServer;
                    string scratch = Scratch();
                    int exit = await LoadgenProcess.RunAsync(server.BaseUrl, cell.Path, cell.Connections, plan.Duration, plan.Warmup, loadgenCpu, scratch, cancellationToken).ConfigureAwait(false);
                    string file = Path.Combine(plan.OutDir, side == Side.Base ? "base" : "head", cell.Slug, $"trial-{trial + 1:00}.json");
                    TrialFile.Write(file, cell, side, trial + 1, order++, server.Threads(), scratch);
                    File.Delete(scratch);
                    done++;
                    double left = clock.Elapsed.TotalSeconds / done * (total - done);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ab: [{done}/{total}] {cell.Name} {(side == Side.Base ? "base" : "head")} trial {trial + 1}{(exit == 0 ? "" : $" (loadgen exit {exit})")} — about {left:0}s left"));
                }
            }
        }
    }

    /// <summary>
    /// One side's bench-server from that side's own Release build, on a free loopback port, through the
    /// one target launcher (pinned from its first instruction; SIGTERM, then the tree killed after the grace period).
    /// </summary>
    private static async Task<TargetProcess> StartServerAsync(string checkout, string target, int? cpu, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        string binary = Path.Combine(checkout, "src", "Servers", "bin", "Release", "net10.0", "bench-server");
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary}: not built (run without --no-build)");
        var spec = new TargetSpec { Name = target, Kind = target, Model = target, ServerArgs = ["--host", "127.0.0.1"], Environment = environment };
        try
        {
            return await TargetProcess.StartAsync(spec, binary, cpu is { } c ? [c] : null, cancellationToken).ConfigureAwait(false);
        }
        catch (TargetFailedException ex)
        {
            throw new InvalidOperationException($"{target} from {checkout}: {ex.Message}: {string.Join(" | ", ex.Output.TakeLast(20))}", ex);
        }
    }

    private (int? Server, int? Loadgen) Pinning()
    {
        bool canPin = Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset") && plan.ServerCpu != plan.LoadgenCpu
            && plan.ServerCpu < Environment.ProcessorCount && plan.LoadgenCpu < Environment.ProcessorCount;
        return canPin ? (plan.ServerCpu, plan.LoadgenCpu) : (null, null);
    }

    private string Scratch()
    {
        string dir = Directory.CreateDirectory(Path.Combine(plan.OutDir, ".scratch")).FullName;
        return Path.Combine(dir, $"{Guid.NewGuid():N}.json");
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
