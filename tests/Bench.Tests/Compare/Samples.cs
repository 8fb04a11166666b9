namespace Bench.Tests.Compare;

/// <summary>Deterministic synthetic trials: a median and a coefficient of variation, seeded so every run of the tests sees the same numbers.</summary>
internal static class Samples
{
    public static double[] Normal(double median, double cv, int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => median * (1 + cv * Gaussian(random))).ToArray();
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller: the runtime has no normal generator.
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
