using System.Globalization;

namespace Bench.Load.Models;

/// <summary>
/// The <see cref="Index"/>-th (from 0) of <see cref="Count"/> equal parts of a run, so that N
/// shards on N processes or machines together are exactly the unsharded run. Units (VUs,
/// connections, iterations) are dealt round-robin in blocks of <c>align</c> units: unit k belongs
/// to shard (k / align) % Count. Dealing keeps every shard's share within one block of the others
/// at every moment of a ramp, and blocks keep a chat room's members in one process. The remainder
/// goes to the lowest indices, so the split is the same on every machine.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>Far more than any machine or cluster runs, small enough that a typo is caught.</summary>
    public const int MaxCount = 10_000;

    public static Shard Whole => new(0, 1);

    public bool IsWhole => Count == 1;

    /// <summary>How many of the first <paramref name="total"/> units are this shard's.</summary>
    public long Share(long total, int align = 1)
    {
        if (total <= 0) return 0;
        long blocks = total / align, rest = total % align;
        long mine = (blocks / Count + (Index < blocks % Count ? 1 : 0)) * align;
        return blocks % Count == Index ? mine + rest : mine;
    }

    public int Share(int total, int align = 1) => (int)Share((long)total, align);

    /// <summary>This shard's contiguous share of a list (CPUs, source addresses): the first shards take the remainder.</summary>
    public IEnumerable<T> Slice<T>(IReadOnlyList<T> all)
    {
        long from = 0;
        for (int i = 0; i < Index; i++) from += new Shard(i, Count).Share((long)all.Count);
        return all.Skip((int)from).Take(Share(all.Count));
    }

    /// <summary>The global number of this shard's <paramref name="local"/>-th unit (0-based), with align 1.</summary>
    public long GlobalIndex(long local) => local * Count + Index;

    /// <summary>"1/3" as the command line takes it (0-based index).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>"I/N", I from 0 to N-1 (Kubernetes' JOB_COMPLETION_INDEX is 0-based too).</summary>
    public static bool TryParse(string text, out Shard shard, out string error)
    {
        shard = Whole;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"'{text}' is not INDEX/COUNT (e.g. 0/3 for the first of 3 shards)";
            return false;
        }
        if (count < 1 || count > MaxCount)
        {
            error = $"'{text}': the shard count must be in [1, {MaxCount:N0}] (got {count})";
            return false;
        }
        if (index >= count)
        {
            error = $"'{text}': index {index} is out of range for {count} shard{(count == 1 ? "" : "s")} (0..{count - 1})";
            return false;
        }
        shard = new Shard(index, count);
        error = "";
        return true;
    }
}
