using System.Diagnostics;

namespace Bench.Servers.App;

/// <summary>
/// Microseconds of CLOCK_MONOTONIC (Stopwatch on Linux). Every process on one machine reads the same
/// clock, so a server stamp and a client receive time can be subtracted; across machines they cannot.
/// </summary>
public static class MonotonicClock
{
    public static long NowMicroseconds => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
