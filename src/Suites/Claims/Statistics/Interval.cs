using System.Globalization;

namespace Bench.Suites.Claims.Statistics;

/// <summary>What one interval says about a threshold: clearly beyond it, clearly short of it, or straddling it.</summary>
public enum Decision { Yes, No, Inconclusive }

/// <summary>
/// An effect's estimate with the interval that carries its noise (<see cref="Confidence"/>, e.g. 0.9),
/// or the range of the repeats for one-sample checks (<see cref="Confidence"/> null). Null bounds mean
/// the interval could not be formed (too few valid repeats).
/// </summary>
public sealed record Interval(double Estimate, double? Low, double? High, double? Confidence, string Method)
{
    public bool Formed => Low is not null && High is not null;

    /// <summary>Yes when the whole interval is at or beyond <paramref name="threshold"/> on the claimed side, No when it is wholly short of it.</summary>
    public Decision AtLeast(double threshold) =>
        !Formed ? Decision.Inconclusive : Low >= threshold ? Decision.Yes : High < threshold ? Decision.No : Decision.Inconclusive;

    public Decision AtMost(double threshold) =>
        !Formed ? Decision.Inconclusive : High <= threshold ? Decision.Yes : Low > threshold ? Decision.No : Decision.Inconclusive;

    /// <summary>Yes when the interval lies within [low, high], No when it lies wholly outside.</summary>
    public Decision Within(double low, double high) =>
        !Formed ? Decision.Inconclusive
        : Low >= low && High <= high ? Decision.Yes
        : High < low || Low > high ? Decision.No
        : Decision.Inconclusive;

    public string Text(Func<double, string> format) => Formed
        ? $"{format(Estimate)} [{format(Low!.Value)} … {format(High!.Value)}]"
        : $"{format(Estimate)} [no interval: {Method}]";

    public static string Percent(double? confidence) => confidence is { } c ? (c * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "range";
}
