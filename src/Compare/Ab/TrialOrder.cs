namespace Bench.Compare.Ab;

public enum Side
{
    Base,
    Head,
}

/// <summary>
/// The order of trials: interleaved A B, B A, A B, … (ABBA blocks). Alternation puts both sides
/// under the same drift of a shared machine; reversing every other pair also cancels a linear
/// trend, which plain A B A B would turn into a small bias against whichever side goes second.
/// </summary>
public static class TrialOrder
{
    public static IEnumerable<(int Trial, Side Side)> For(int trials)
    {
        for (int i = 0; i < trials; i++)
        {
            var (first, second) = i % 2 == 0 ? (Side.Base, Side.Head) : (Side.Head, Side.Base);
            yield return (i, first);
            yield return (i, second);
        }
    }
}
