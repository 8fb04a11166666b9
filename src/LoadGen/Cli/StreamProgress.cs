using Bench.Load.Engine;
using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>One extra progress line a second for long-lived scenarios: the gauges and the last second's counts and p99s.</summary>
public sealed class StreamProgress(TextWriter output) : IRunObserver
{
    public void OnSample(RunResult snapshot)
    {
        foreach (var (name, stream) in Streams(snapshot))
        {
            if (stream.Series.Count == 0) continue;
            var p = stream.Series[^1];
            var gauges = string.Join("  ", p.Gauges.Select(g => $"{g.Key} {g.Value:N0}"));
            var counts = string.Join("  ", p.Counters.Where(c => c.Value != 0).Select(c => $"{c.Key} +{c.Value:N0}"));
            var p99 = string.Join("  ", p.P99.Where(c => c.Value != 0).Select(c => $"{c.Key} p99 {ProgressLine.Ms(c.Value)}"));
            output.WriteLine($"    {name}: {gauges}  |  {counts}  |  {p99}");
        }
    }

    private static IEnumerable<(string, StreamResult)> Streams(RunResult r)
    {
        if (r.Stream is { } s) yield return (s.Kind, s);
        foreach (var part in r.Scenarios ?? [])
            if (part.Result.Stream is { } ps) yield return (part.Name, ps);
    }
}
