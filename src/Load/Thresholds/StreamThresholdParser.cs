using System.Globalization;
using System.Text.RegularExpressions;
using Bench.Load.Metrics;

namespace Bench.Load.Thresholds;

/// <summary>
/// Thresholds on a long-lived scenario's own metrics: <c>prefix.latency.percentile op time</c>
/// (<c>sse.lag.p99&lt;50ms</c>, <c>ws.rtt.p99&lt;20ms</c>, <c>chat.lag.max&lt;1s</c>) or
/// <c>prefix.counter op number</c> (<c>sse.gaps==0</c>, <c>ws.abnormal_closes==0</c>); a gauge
/// compares its value when the hold ended (<c>sse.streaming&gt;=1000</c>). Names are checked
/// against <see cref="StreamCatalog"/>, so a typo fails before the run, not after it.
/// </summary>
public static partial class StreamThresholdParser
{
    [GeneratedRegex(@"^\s*(?<prefix>[a-z]+)\.(?<name>[a-z_]+)(?:\.(?<stat>p\(\s*\d+(?:\.\d+)?\s*\)|p\d+(?:\.\d+)?|max|min|mean|avg|med))?\s*(?<op><=|>=|==|<|>)\s*(?<num>\d+(?:\.\d+)?)\s*(?<unit>us|µs|ms|s)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>True if the expression starts with a stream prefix ("sse.", "ws.", "chat.", "hold.").</summary>
    public static bool Applies(string expression)
    {
        var trimmed = expression.TrimStart();
        int dot = trimmed.IndexOf('.');
        return dot > 0 && StreamCatalog.Layouts.ContainsKey(trimmed[..dot]);
    }

    public static bool TryParse(string expression, out Threshold? threshold, out string error)
    {
        threshold = null;
        var m = Grammar().Match(expression);
        if (!m.Success)
        {
            error = $"'{expression}' is not a stream threshold (examples: sse.lag.p99<50ms, ws.rtt.p99<20ms, sse.gaps==0)";
            return false;
        }
        string prefix = m.Groups["prefix"].Value, name = m.Groups["name"].Value;
        var layout = StreamCatalog.Layouts[prefix];
        double number = double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
        string unit = m.Groups["unit"].Value;
        var op = m.Groups["op"].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            ">=" => Comparison.GreaterOrEqual,
            _ => Comparison.Equal,
        };
        if (m.Groups["stat"].Success)
        {
            if (!layout.Recorders.Contains(name))
            {
                error = $"'{expression}': {prefix} has no latency '{name}' (it has {string.Join(", ", layout.Recorders)})";
                return false;
            }
            string stat = m.Groups["stat"].Value.Replace(" ", "") switch
            {
                "avg" => "mean",
                "med" => "p50",
                var s when s.StartsWith("p(", StringComparison.Ordinal) => "p" + s[2..^1],
                var s => s,
            };
            if (stat.StartsWith('p') && !(double.TryParse(stat[1..], CultureInfo.InvariantCulture, out double pct) && pct is > 0 and <= 100))
            {
                error = $"'{expression}': percentile must be in (0, 100]";
                return false;
            }
            double micros = unit switch { "us" or "µs" => number, "s" => number * 1_000_000, _ => number * 1000 };
            threshold = new Threshold(expression.Trim(), $"{prefix}.{name}", stat, op, micros);
        }
        else
        {
            if (!layout.Counters.Contains(name) && !layout.Gauges.Contains(name))
            {
                error = $"'{expression}': {prefix} has no count '{name}' (counts: {string.Join(", ", layout.Counters.Concat(layout.Gauges))})";
                return false;
            }
            if (unit.Length > 0)
            {
                error = $"'{expression}': {name} is a count and takes no unit";
                return false;
            }
            threshold = new Threshold(expression.Trim(), prefix, name, op, number);
        }
        error = "";
        return true;
    }
}
