using System.CommandLine;

namespace Bench.Servers.Cli;

/// <summary>
/// <c>--py-cost</c>, shared by the twins: CPython's CPU per request that the C# request path lacks
/// (src/Servers/Hosting/InterpreterCost.cs). loadgen's calibration derives it from a real peer's
/// measured CPU per request; 0, the default, leaves the twin as fast as C#.
/// </summary>
internal static class PyCostOption
{
    public static Option<int> Create() => RangeOption.Int("--py-cost",
        "Microseconds of CPU each request spends as interpreted code (with --gil: under the lock); loadgen calibrate derives it from a peer; 0 = off",
        0, 0, 100_000);
}
