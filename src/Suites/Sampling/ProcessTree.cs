namespace Bench.Suites.Sampling;

/// <summary>
/// A process and all its descendants, from /proc: gunicorn and uvicorn fork workers, and a
/// target's cost is the whole tree's, not its first process's.
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in EnumerateProcs())
        {
            int? parent = ProcReader.ParentOf(dir);
            if (parent is null) continue;
            if (!children.TryGetValue(parent.Value, out var list)) children[parent.Value] = list = [];
            list.Add(dir);
        }
        var tree = new List<int> { root };
        for (int i = 0; i < tree.Count && tree.Count < 10_000; i++)
            if (children.TryGetValue(tree[i], out var kids)) tree.AddRange(kids);
        return tree;
    }

    private static IEnumerable<int> EnumerateProcs()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out int pid)) yield return pid;
    }
}
