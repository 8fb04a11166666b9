namespace Bench.Suites.Results;

/// <summary>Names a trickle-probe cell's results carry: its scenario kind and the parts of its mixed run (claims read them).</summary>
public static class TrickleProbeNames
{
    public const string Kind = "trickle-probe", Probe = "probe", Trickle = "trickle";
}
