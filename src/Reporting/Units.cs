using System.Globalization;

namespace Bench.Reporting;

/// <summary>Number formats used on the page, in tables and on chart ticks, so the same value reads the same everywhere.</summary>
public static class Units
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Microseconds as ms with enough digits for sub-millisecond loopback latencies.</summary>
    public static string Ms(double micros) => Millis(micros / 1000.0);

    public static string Millis(double ms) =>
        ms >= 100 ? ms.ToString("N0", Inv) + " ms"
        : ms >= 1 ? ms.ToString("0.##", Inv) + " ms"
        : ms.ToString("0.###", Inv) + " ms";

    public static string Count(double n) => n.ToString("N0", Inv);

    public static string Rate(double perSecond) => perSecond >= 100 ? perSecond.ToString("N0", Inv) : perSecond.ToString("0.#", Inv);

    public static string Percent(double fraction) => (fraction * 100).ToString(fraction < 0.01 && fraction > 0 ? "0.###" : "0.#", Inv) + " %";

    public static string Bytes(double bytes) =>
        bytes >= 1 << 30 ? (bytes / (1 << 30)).ToString("0.##", Inv) + " GiB"
        : bytes >= 1 << 20 ? (bytes / (1 << 20)).ToString("0.#", Inv) + " MiB"
        : bytes >= 1 << 10 ? (bytes / (1 << 10)).ToString("0.#", Inv) + " KiB"
        : bytes.ToString("0", Inv) + " B";

    /// <summary>Axis tick label: compact, no unit (the axis label carries it).</summary>
    public static string Tick(double v) =>
        v >= 1_000_000 ? (v / 1_000_000).ToString("0.#", Inv) + "M"
        : v >= 10_000 ? (v / 1000).ToString("0.#", Inv) + "k"
        : v >= 1 ? v.ToString("0.##", Inv)
        : v.ToString("0.###", Inv);
}
