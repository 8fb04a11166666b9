namespace Bench.Load.Results;

/// <summary>Name → count tables (errors, status codes, close codes, stream counters) added key by key.</summary>
public static class CountTables
{
    public static Dictionary<string, long> Sum(IEnumerable<IReadOnlyDictionary<string, long>> tables)
    {
        var sum = new Dictionary<string, long>();
        foreach (var t in tables)
            foreach (var (k, v) in t) sum[k] = sum.GetValueOrDefault(k) + v;
        return sum;
    }
}
