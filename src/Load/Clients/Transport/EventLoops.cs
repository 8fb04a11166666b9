using Bench.Load.Engine;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// The process's event loops: one per CPU it may use (wrk -t), created on first use (after
/// --cpu pinned the process) and shared by every scenario of every run, so a mixed run of HTTP,
/// SSE and WebSocket users still has exactly one loop per CPU. Users are spread round-robin.
/// </summary>
internal static class EventLoops
{
    private static readonly Lazy<EpollLoop[]> s_loops = new(() =>
    {
        var loops = new EpollLoop[Math.Max(1, CpuAffinity.Current().Count)];
        for (int i = 0; i < loops.Length; i++) loops[i] = new EpollLoop(i);
        // From now on the engine measures the generator's lag where its work runs.
        LagProbe.StartLoopProbes = (observe, interval) => LoopLagProbe.StartAll(loops, observe, interval);
        return loops;
    });

    public static IReadOnlyList<EpollLoop> All => s_loops.Value;

    public static EpollLoop For(int index) => s_loops.Value[(int)((uint)index % (uint)s_loops.Value.Length)];
}
