namespace Bench.Suites;

/// <summary>The last lines a target printed, kept so a failure can show why it happened.</summary>
internal sealed class OutputTail(int capacity = 30)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Length > 500 ? line[..500] + "…" : line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToArray();
        }
    }
}
