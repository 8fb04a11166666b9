using System.Diagnostics;

namespace Bench.Load.Metrics;

/// <summary>Stopwatch ticks to microseconds: every histogram in Bench records microseconds.</summary>
public static class Clock
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long Now => Stopwatch.GetTimestamp();

    public static long ToMicros(long ticks) => (long)(ticks * MicrosPerTick);

    public static long FromTimeSpan(TimeSpan span) => (long)(span.Ticks * (Stopwatch.Frequency / (double)TimeSpan.TicksPerSecond));

    public static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
}
