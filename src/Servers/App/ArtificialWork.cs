using System.Runtime.CompilerServices;

namespace Bench.Servers.App;

/// <summary>
/// TEST-ONLY hook for the instruction tier of the regression gate (issue 18):
/// <c>BENCH_ARTIFICIAL_WORK=N</c> in a server's environment makes every demo request run N
/// iterations of a small arithmetic loop, a build that does a known few percent more work per
/// request, which the instruction counts must catch. The gate sizes N from the loop's measured
/// instructions per iteration and the base's instructions per request. Read once at start-up;
/// unset or 0 (the only value anyone else should run with) it costs one branch per request. It
/// applies to the same routes as <see cref="ArtificialDelay"/>.
/// </summary>
public static class ArtificialWork
{
    public const string Variable = "BENCH_ARTIFICIAL_WORK";

    public static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int n) ? Math.Clamp(n, 0, 100_000_000) : 0;

    /// <summary>Where the loop's result goes, so the JIT cannot drop the loop.</summary>
    private static ulong _sink;

    public static void Apply(RouteKind kind)
    {
        if (Iterations > 0 && ArtificialDelay.Covers(kind)) _sink = Spin(Iterations);
    }

    /// <summary>A linear congruential step per iteration: a fixed handful of instructions, no memory traffic, nothing to optimise away.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong Spin(int iterations)
    {
        ulong x = _sink | 1;
        for (int i = 0; i < iterations; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
        return x;
    }
}
