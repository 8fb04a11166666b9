using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>One /proc figure of the server's process tree, with its unit and how a cell's samples reduce to one number.</summary>
public sealed record ServerMetric(string Key, string Name, string Unit, Func<ServerSample, double?> Read, bool UsePeak)
{
    public static readonly ServerMetric Rss = new("rss", "server RSS", "MiB", s => s.RssBytes / (1024.0 * 1024.0), UsePeak: true);
    public static readonly ServerMetric Threads = new("threads", "server threads", "threads", s => s.Threads, UsePeak: true);
    public static readonly ServerMetric Cpu = new("cpu", "server CPU", "% of one core", s => s.CpuPercent, UsePeak: false);

    public static readonly IReadOnlyList<ServerMetric> All = [Rss, Threads, Cpu];

    /// <summary>Peak for memory and threads (what the machine must have), mean for CPU (what the load cost).</summary>
    public double? Reduce(IEnumerable<ServerSample> samples)
    {
        var values = samples.Select(Read).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (values.Count == 0) return null;
        return UsePeak ? values.Max() : values.Average();
    }
}
