using System.Globalization;

namespace Bench.Load.Models;

/// <summary>Human text for models: "1m30s", "5,000 req/s".</summary>
public static class ModelText
{
    public static string Duration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1)) return $"{d.TotalMilliseconds:0.###}ms";
        var parts = new List<string>();
        if (d.Hours + d.Days * 24 > 0) parts.Add($"{(int)d.TotalHours}h");
        if (d.Minutes > 0) parts.Add($"{d.Minutes}m");
        double seconds = d.Seconds + d.Milliseconds / 1000.0;
        if (seconds > 0 || parts.Count == 0) parts.Add(seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s");
        return string.Concat(parts);
    }

    public static string Number(double value) => value.ToString(value == Math.Floor(value) ? "N0" : "N2", CultureInfo.InvariantCulture);
}
