namespace Bench.Fuzz;

/// <summary>
/// Where a harness cuts its input into reads, as a socket would: three cuts that depend only on the
/// input (a third, two thirds, and one from its bytes' sum), so a finding replays exactly.
/// </summary>
public static class Splits
{
    public static IReadOnlyList<int> Of(byte[] input)
    {
        int n = input.Length;
        int sum = 0;
        foreach (var b in input) sum += b;
        return new[] { n / 3, 2 * n / 3, n == 0 ? 0 : sum % (n + 1) }.Order().ToArray();
    }

    /// <summary>The input as the reads those cuts make (some may be empty).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Reads(byte[] input)
    {
        int from = 0;
        foreach (int cut in Of(input))
        {
            yield return input.AsMemory(from, cut - from);
            from = cut;
        }
        yield return input.AsMemory(from);
    }
}
