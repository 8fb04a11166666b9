using System.Globalization;

namespace Bench.Compare.Model;

/// <summary>Numbers as a reader wants them in a table: latencies stored in µs shown in ms, counts without decimals.</summary>
public static class MetricFormat
{
    public static string Value(double value, string unit)
    {
        if (double.IsNaN(value)) return "–";
        var c = CultureInfo.InvariantCulture;
        return unit switch
        {
            Units.Micros => (value / 1000).ToString(value >= 100_000 ? "0.0" : "0.000", c) + " ms",
            Units.Count => value.ToString("N0", c),
            Units.Bytes => value.ToString("N0", c) + " B",
            Units.KiB => value.ToString("N1", c) + " KiB",
            Units.PerSecond => value.ToString("N0", c) + "/s",
            Units.Share => Percent(value),
            Units.Nanos => value.ToString(value >= 100 ? "N0" : "0.00", c) + " ns",
            _ => value.ToString("G4", c),
        };
    }

    /// <summary>head/base as "1.23x"; "–" when the base is zero (a ratio would be infinite).</summary>
    public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio)
        ? "–"
        : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    public static string Percent(double fraction) => double.IsNaN(fraction)
        ? "–"
        : (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}

public static class Units
{
    public const string Micros = "us";
    public const string Nanos = "ns";
    public const string Share = "share";
    public const string Count = "count";
    public const string Bytes = "B";
    public const string KiB = "KiB";
    public const string PerSecond = "/s";
}
