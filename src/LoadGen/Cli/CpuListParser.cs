namespace Bench.LoadGen.Cli;

/// <summary>CPU lists as taskset takes them: "1", "0,2", "2-3".</summary>
public static class CpuListParser
{
    public static bool TryParse(string text, out IReadOnlyList<int> cpus)
    {
        var set = new SortedSet<int>();
        cpus = [];
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (range.Length is < 1 or > 2 || !int.TryParse(range[0], out int from)) return false;
            int to = from;
            if (range.Length == 2 && !int.TryParse(range[1], out to)) return false;
            if (from < 0 || to < from || to >= 1024) return false;
            for (int c = from; c <= to; c++) set.Add(c);
        }
        cpus = set.ToArray();
        return set.Count > 0;
    }
}
