using System.Text;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Thresholds;

namespace Bench.LoadGen.Cli;

/// <summary>
/// Turns flags into a load model and a plan. Which model runs follows from the flags given:
/// --iterations → per-vu-iterations; --stages with --rate → ramping-rate (starting at --rate);
/// --stages → ramping-vus (starting at --vus, default 0); --rate → constant-rate; otherwise
/// constant-vus. Every problem comes back as one line that starts with the flag's name.
/// </summary>
public static class PlanFactory
{
    private const int DefaultVus = 10; // wrk's default connection count

    /// <param name="shard">The part of the run this process runs; a sharded run may hold more VUs than one process can.</param>
    public static ILoadModel? BuildModel(RunOptions o, List<string> errors, Shard? shard = null)
    {
        IReadOnlyList<Stage>? stages = null;
        if (o.Stages is not null)
        {
            if (!StagesParser.TryParse(o.Stages, out stages, out string why)) errors.Add($"--stages: {why}");
            if (o.Duration is not null) errors.Add("--duration: cannot be combined with --stages (the stages set the duration)");
            if (o.Iterations is not null) errors.Add("--iterations: cannot be combined with --stages");
        }
        if (errors.Count > 0) return null;

        ILoadModel model = (o, stages) switch
        {
            ({ Iterations: { } n }, _) => new PerVuIterations { Vus = o.Vus ?? 1, Iterations = n, MaxDuration = o.Duration ?? TimeSpan.FromMinutes(10) },
            ({ Rate: { } r }, { } s) => new RampingRate { StartRate = r, Stages = s, Vus = o.Vus ?? DefaultVus },
            (_, { } s) => new RampingVus { StartVus = o.Vus ?? 0, Stages = s },
            ({ Rate: { } r }, _) => new ConstantRate { Rate = r, Duration = o.Duration ?? TimeSpan.FromSeconds(10), Vus = o.Vus ?? DefaultVus },
            _ => new ConstantVus { Vus = o.Vus ?? DefaultVus, Duration = o.Duration ?? TimeSpan.FromSeconds(10) },
        };
        if (o.Iterations is not null && o.Rate is not null) errors.Add("--iterations: cannot be combined with --rate");
        // Cut before checking: the whole run may hold more VUs than one process, its shard may not.
        model = Sharding.Apply(model, shard ?? Shard.Whole);
        errors.AddRange(model.Validate().Select(p => $"{FlagFor(p.Field)}: {p.Message}"));
        return model;
    }

    public static HttpTarget? BuildTarget(RunOptions o, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(o.Url))
        {
            errors.Add("--url: required (e.g. --url http://127.0.0.1:8080/hello)");
            return null;
        }
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var url))
        {
            errors.Add($"--url: '{o.Url}' is not an absolute URL (e.g. http://127.0.0.1:8080/hello)");
            return null;
        }
        if (url.Scheme is not ("http" or "https"))
        {
            errors.Add($"--url: unsupported scheme '{url.Scheme}' (http:// or https://; ws:// and wss:// need --scenario ws-echo or ws-chat)");
            return null;
        }
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in o.Headers)
        {
            int colon = h.IndexOf(':');
            if (colon <= 0) errors.Add($"--header: '{h}' is not 'Name: value'");
            else headers.Add(new(h[..colon].Trim(), h[(colon + 1)..].Trim()));
        }
        var request = new HttpRequestSpec
        {
            Method = o.Method,
            Path = url.PathAndQuery,
            Headers = headers,
            Body = o.Body is null ? null : Encoding.UTF8.GetBytes(o.Body),
        };
        var target = new HttpTarget { Url = url, Requests = [request], Tls = o.Tls };
        foreach (var problem in target.Validate())
            errors.Add(problem.Contains(".method", StringComparison.Ordinal) ? "--method: " + problem[(problem.IndexOf(':') + 2)..]
                : problem.Contains(".headers", StringComparison.Ordinal) ? "--header: " + problem[(problem.IndexOf(':') + 2)..]
                : "--url: " + problem[(problem.IndexOf(':') + 2)..]);
        return target;
    }

    public static IReadOnlyList<Threshold> BuildThresholds(RunOptions o, List<string> errors)
    {
        var list = new List<Threshold>();
        foreach (var expression in o.Thresholds)
        {
            if (ThresholdParser.TryParse(expression, out var t, out string why)) list.Add(t!);
            else errors.Add($"--threshold: {why}");
        }
        return list;
    }

    /// <summary>--cpu as a CPU list; null when not given or not a list (then the problem is in <paramref name="errors"/>).</summary>
    public static IReadOnlyList<int>? ReadCpus(RunOptions o, List<string> errors)
    {
        if (o.Cpu is null) return null;
        if (CpuListParser.TryParse(o.Cpu, out var cpus)) return cpus;
        errors.Add($"--cpu: '{o.Cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
        return null;
    }

    /// <summary>Checks the plan-level fields with the same rules as <see cref="RunPlan.Validate"/>, reported by flag.</summary>
    public static void CheckTimes(RunOptions o, List<string> errors)
    {
        if (o.Warmup < TimeSpan.Zero || o.Warmup > TimeSpan.FromHours(1)) errors.Add($"--warmup: must be in [0, 1h] (got {ModelText.Duration(o.Warmup)})");
        if (o.Timeout < TimeSpan.FromMilliseconds(1) || o.Timeout > TimeSpan.FromHours(1)) errors.Add($"--timeout: must be in [1ms, 1h] (got {ModelText.Duration(o.Timeout)})");
        if (o.GracefulStop < TimeSpan.Zero || o.GracefulStop > TimeSpan.FromHours(1)) errors.Add($"--graceful-stop: must be in [0, 1h] (got {ModelText.Duration(o.GracefulStop)})");
    }

    private static string FlagFor(string field) => field switch
    {
        "rate" or "startRate" => "--rate",
        "vus" or "startVus" => "--vus",
        "duration" or "maxDuration" => "--duration",
        "iterations" => "--iterations",
        _ when field.StartsWith("stages", StringComparison.Ordinal) => "--stages",
        _ => "--" + field,
    };
}
