using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Load.Vocabulary;

/// <summary>Durations as k6 and wrk write them: 500ms, 10s, 2m, 1h, 1m30s; a bare number is seconds.</summary>
public static partial class DurationParser
{
    [GeneratedRegex(@"^(?:(?<n>\d+(?:\.\d+)?)(?<u>ms|us|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Parts();

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
        {
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > 1e9) return false;
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        var m = Parts().Match(text);
        if (!m.Success) return false;
        double total = 0;
        for (int i = 0; i < m.Groups["n"].Captures.Count; i++)
        {
            double n = double.Parse(m.Groups["n"].Captures[i].Value, CultureInfo.InvariantCulture);
            total += m.Groups["u"].Captures[i].Value switch
            {
                "h" => n * 3600,
                "m" => n * 60,
                "s" => n,
                "ms" => n / 1000,
                _ => n / 1_000_000,
            };
        }
        if (total > 1e9) return false;
        value = TimeSpan.FromSeconds(total);
        return true;
    }
}
