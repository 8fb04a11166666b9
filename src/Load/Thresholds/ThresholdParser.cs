using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Load.Thresholds;

/// <summary>
/// Parses threshold expressions. Grammar: <c>[source.]metric op number[unit]</c> where source is
/// latency (default), uncorrected, ttfb or connect; metric is p50..p99.99 (or k6's p(99)),
/// min, max, mean/avg, med, errors, rate, requests, failed or dropped; unit is us, ms (the
/// default for latencies, as in k6) or s; errors take % or a fraction.
/// </summary>
public static partial class ThresholdParser
{
    [GeneratedRegex(@"^\s*(?:(?<src>latency|uncorrected|ttfb|connect)\.)?(?<metric>p\(\s*\d+(?:\.\d+)?\s*\)|p\d+(?:\.\d+)?|max|min|mean|avg|med|errors|rate|requests|failed|dropped)\s*(?<op><=|>=|==|<|>)\s*(?<num>\d+(?:\.\d+)?)\s*(?<unit>us|µs|ms|s|%|/s)?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^\s*step\[(?<name>[^\]]+)\]\.(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StepGrammar();

    public static bool TryParse(string expression, out Threshold? threshold, out string error)
    {
        if (StepGrammar().Match(expression) is { Success: true } step) return TryParseStep(expression, step, out threshold, out error);
        if (StreamThresholdParser.Applies(expression)) return StreamThresholdParser.TryParse(expression, out threshold, out error);
        threshold = null;
        var m = Grammar().Match(expression);
        if (!m.Success)
        {
            error = $"'{expression}' is not a threshold (examples: p99<200ms, errors<1%, rate>5000)";
            return false;
        }
        string source = m.Groups["src"].Success ? m.Groups["src"].Value.ToLowerInvariant() : "latency";
        string metric = NormalizeMetric(m.Groups["metric"].Value.ToLowerInvariant().Replace(" ", ""));
        double number = double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture);
        string unit = m.Groups["unit"].Success ? m.Groups["unit"].Value.ToLowerInvariant() : "";
        var op = m.Groups["op"].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            ">=" => Comparison.GreaterOrEqual,
            _ => Comparison.Equal,
        };

        bool latency = metric.StartsWith('p') || metric is "max" or "min" or "mean";
        if (!latency && m.Groups["src"].Success)
        {
            error = $"'{expression}': {metric} has no {source}. prefix";
            return false;
        }
        if (metric.StartsWith('p') && !(double.TryParse(metric[1..], CultureInfo.InvariantCulture, out double pct) && pct is > 0 and <= 100))
        {
            error = $"'{expression}': percentile must be in (0, 100]";
            return false;
        }

        double? limit = (latency, metric, unit) switch
        {
            (true, _, "" or "ms") => number * 1000,
            (true, _, "us" or "µs") => number,
            (true, _, "s") => number * 1_000_000,
            (false, "errors", "%") => number / 100,
            (false, "errors", "") => number <= 1 ? number : null,
            (false, "rate", "" or "/s") => number,
            (false, "requests" or "failed" or "dropped", "") => number,
            _ => null,
        };
        if (limit is null)
        {
            error = $"'{expression}': unit '{unit}' does not fit {metric}" + (metric == "errors" ? " (use % or a fraction up to 1)" : "");
            return false;
        }
        threshold = new Threshold(expression.Trim(), source, metric, op, limit.Value);
        error = "";
        return true;
    }

    /// <summary>
    /// <c>step[name].rule</c>: a rule of the plain grammar (no source prefix) on one named step of
    /// a code scenario; <c>requests</c> then counts the step's calls and <c>errors</c> its failed share.
    /// </summary>
    private static bool TryParseStep(string expression, Match m, out Threshold? threshold, out string error)
    {
        threshold = null;
        string name = m.Groups["name"].Value, rest = m.Groups["rest"].Value;
        if (!TryParse(rest, out var inner, out error) || inner!.IsStream || inner.IsStep)
        {
            error = inner is null ? $"'{expression}': {error}" : $"'{expression}': after step[{name}]. comes a plain rule such as p99<50ms or errors==0";
            return false;
        }
        if (inner.Source != "latency" || inner.Metric == "dropped")
        {
            error = $"'{expression}': a step has latency percentiles, min, max, mean, errors, rate, requests and failed (no {(inner.Metric == "dropped" ? "dropped" : inner.Source + ".")})";
            return false;
        }
        threshold = inner with { Expression = expression.Trim(), Source = Threshold.StepPrefix + name };
        return true;
    }

    private static string NormalizeMetric(string metric) => metric switch
    {
        "avg" => "mean",
        "med" => "p50",
        _ when metric.StartsWith("p(", StringComparison.Ordinal) => "p" + metric[2..^1],
        _ => metric,
    };
}
