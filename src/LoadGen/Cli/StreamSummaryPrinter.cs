using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>The long-lived part of the final summary: findings first, then counts, gauges, latencies, close codes and capacity.</summary>
public static class StreamSummaryPrinter
{
    public static void Print(StreamResult? s, TextWriter o)
    {
        if (s is null) return;
        o.WriteLine();
        o.WriteLine($"  {s.Kind}");
        foreach (var f in s.Findings) o.WriteLine($"  finding    {f}");
        o.WriteLine("  counts     " + string.Join("  ", s.Counters.Select(c => $"{c.Key}: {c.Value:N0}")));
        o.WriteLine("  gauges     " + string.Join("  ", s.Gauges.Select(g => $"{g.Key}: peak {g.Value.Peak:N0}" + (g.Value.AtHoldEnd is { } e ? $", at hold end {e:N0}" : ""))));
        if (s.CloseCodes.Count > 0) o.WriteLine("  closes     " + string.Join("  ", s.CloseCodes.Select(c => $"{c.Key}: {c.Value:N0}")));
        if (s.EndedEarly is { } early)
            o.WriteLine($"  ended      {early.Streams:N0} streams ended early, the server's last event id " +
                (early.LastEventIdMin == early.LastEventIdMax ? $"{early.LastEventIdMax:N0}" : $"{early.LastEventIdMin:N0}..{early.LastEventIdMax:N0}"));
        o.WriteLine($"  {s.Kind} (ms)".PadRight(22) + "p50      p75      p90      p95      p99    p99.9   p99.99      max    count  measures");
        foreach (var (name, l) in s.Latencies.Where(l => l.Value.Count > 0))
            o.WriteLine($"  {name,-14}{F(l.P50)}{F(l.P75)}{F(l.P90)}{F(l.P95)}{F(l.P99)}{F(l.P999)}{F(l.P9999)}{F(l.Max)}{l.Count,9:N0}  {s.LatencyKinds.GetValueOrDefault(name, "")}");
        o.WriteLine($"  generator  its own share of every lag and RTT above: event-loop lag p99 {s.GeneratorLagP99 / 1000.0:0.00} ms" +
            (s.Latencies.TryGetValue("send_lag", out var send) && send.Count > 0 ? $", send lag p99 {send.P99 / 1000.0:0.00} ms" : ""));
        if (s.ClockAssumption is { } clock) o.WriteLine($"  clock      {clock}");
        if (s.Capacity is { } c) o.WriteLine($"  capacity   {c.Verdict}");
        if (s.GeneratorMemory is { } m)
            o.WriteLine($"  memory     {m.Connections:N0} held: loadgen RSS +{m.RssKiBPerConnection:0.00} KiB/connection ({m.RssAfterGcKiBPerConnection:0.00} after a full GC), live heap +{m.LiveHeapKiBPerConnection:0.00} KiB/connection");
    }

    private static string F(long micros) => $"{micros / 1000.0,9:0.00}";
}
