using System.Globalization;
using Bench.Suites.Claims.Statistics;

namespace Bench.Suites.Claims.Rules;

/// <summary>How the rules print figures and intervals in their sentences, one way for all.</summary>
internal static class ClaimText
{
    public static string N(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 100 || v == Math.Floor(v) ? "N0" : "0.##", CultureInfo.InvariantCulture) : "-";

    public static string X(double v) => double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "-";

    public static string P(double v) => double.IsFinite(v) ? v.ToString("P0", CultureInfo.InvariantCulture) : "-";

    public static string Kib(double v) => double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) + " KiB" : "-";

    /// <summary>"2.31× [1.90 … 2.75], 90 %" or "2.31× (no interval: 2 valid repeats…)".</summary>
    public static string Of(Interval i, Func<double, string> format) => i.Formed
        ? $"{format(i.Estimate)} [{format(i.Low!.Value)} … {format(i.High!.Value)}{(i.Confidence is { } c ? $", {c:P0}" : ", range of repeats")}]"
        : $"{format(i.Estimate)} (no interval: {i.Method})";

    public static double Round(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : double.NaN;
}
