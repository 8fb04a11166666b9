namespace Bench.Compare.Inputs;

/// <summary>
/// Everything read from one side (a file or a directory): the observations, and when and where
/// they were measured, which decides whether timings may be compared with the other side's.
/// </summary>
public sealed class ResultSet(string path)
{
    private readonly List<Observation> _observations = [];
    private readonly HashSet<string> _hosts = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly List<string> _skipped = [];

    public string Path { get; } = path;

    public IReadOnlyList<Observation> Observations => _observations;

    public IReadOnlyCollection<string> Hosts => _hosts;

    public IReadOnlyList<string> Files => _files;

    /// <summary>JSON files in a directory that are no results compare knows (a report's own files, say).</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>Earliest start and latest end of the load runs read, if any carried times.</summary>
    public DateTimeOffset? Start { get; private set; }

    public DateTimeOffset? End { get; private set; }

    public void Add(Observation observation) => _observations.Add(observation);

    public void Add(string cell, string metric, double value)
    {
        if (double.IsFinite(value)) _observations.Add(new Observation(cell, metric, value));
    }

    public void AddFile(string file) => _files.Add(file);

    public void Skip(string file) => _skipped.Add(file);

    public void AddHost(string? host)
    {
        if (!string.IsNullOrEmpty(host)) _hosts.Add(host);
    }

    public void AddSpan(DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is { } s && (Start is null || s < Start)) Start = s;
        var e = end ?? start;
        if (e is { } x && (End is null || x > End)) End = x;
    }
}
