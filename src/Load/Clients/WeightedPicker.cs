namespace Bench.Load.Clients;

/// <summary>
/// Picks the next request of a weighted mix for one VU (HTTP/1.1 and HTTP/2 alike). xorshift32 per VU,
/// so picking needs neither a lock nor Random.Shared's contention.
/// </summary>
internal struct WeightedPicker(int[] cumulativeWeights, uint seed)
{
    private uint _rng = seed == 0 ? 1 : seed;

    /// <summary>Running sums of the requests' weights: request k is picked when a roll falls below entry k.</summary>
    public static int[] Cumulative(IReadOnlyList<HttpRequestSpec> requests)
    {
        var sums = new int[requests.Count];
        int sum = 0;
        for (int i = 0; i < requests.Count; i++) sums[i] = sum += requests[i].Weight;
        return sums;
    }

    /// <summary>A seed that differs per VU (Knuth's multiplicative hash of its index).</summary>
    public static uint SeedFor(int vuIndex) => (uint)vuIndex * 2654435761u + 1;

    public int Next()
    {
        if (cumulativeWeights.Length == 1) return 0;
        _rng ^= _rng << 13;
        _rng ^= _rng >> 17;
        _rng ^= _rng << 5;
        int roll = (int)(_rng % (uint)cumulativeWeights[^1]);
        int k = 0;
        while (roll >= cumulativeWeights[k]) k++;
        return k;
    }
}
