using System.Globalization;
using System.Text.Json;

namespace Bench.Suites;

/// <summary>
/// Reads one entry of a suite's "targets". Built-in kinds take bench-server's options under
/// their JSON names, with the same ranges as <c>bench-server --help</c>, so a bad value is caught
/// before anything starts rather than by the server's exit code 2 halfway through a suite.
/// </summary>
internal static class TargetParser
{
    private enum OptionType { Integer, Number, Bool, Choice, MicrosecondsOrAuto }

    private sealed record ServerOption(string Json, string Flag, OptionType Type, double Min = 0, double Max = 0, string[]? Choices = null);

    private static readonly ServerOption Workers = new("workers", "--workers", OptionType.Integer, 1, 256);
    private static readonly ServerOption Keepalive = new("keepalive", "--keepalive", OptionType.Number, 0, 3600);
    private static readonly ServerOption Gil = new("gil", "--gil", OptionType.Bool);
    private static readonly ServerOption Backlog = new("backlog", "--backlog", OptionType.Integer, 1, 65535);
    private static readonly ServerOption GracefulTimeout = new("gracefulTimeout", "--graceful-timeout", OptionType.Number, 0, 3600);
    private static readonly ServerOption HeaderTimeout = new("headerTimeout", "--header-timeout", OptionType.Number, 0.1, 3600);

    /// <summary>µs of interpreter CPU per request, or "auto": calibrated against the suite's peer of the same model before the first cell (<see cref="PyCostCalibration"/>).</summary>
    private static readonly ServerOption PyCost = new("pyCost", "--py-cost", OptionType.MicrosecondsOrAuto, 0, 100_000);

    private static readonly Dictionary<string, ServerOption[]> OptionsByKind = new()
    {
        [TargetKinds.Wsgi] =
        [
            new("threads", "--threads", OptionType.Integer, 1, 4096), Workers,
            new("mode", "--mode", OptionType.Choice, Choices: ["gthread", "sync"]), Keepalive, Gil, PyCost,
            new("ws", "--ws", OptionType.Choice, Choices: ["refuse", "hijack"]), Backlog,
            new("workerConnections", "--worker-connections", OptionType.Integer, 1, 100_000), GracefulTimeout, HeaderTimeout,
        ],
        [TargetKinds.Asgi] =
        [
            Workers, new("limitConcurrency", "--limit-concurrency", OptionType.Integer, 0, 1_000_000), Keepalive, Gil, PyCost, Backlog,
            new("wsPingInterval", "--ws-ping-interval", OptionType.Number, 0, 3600),
            new("offloadThreads", "--offload-threads", OptionType.Integer, 1, 4096), GracefulTimeout, HeaderTimeout,
        ],
        [TargetKinds.Kestrel] = [GracefulTimeout, HeaderTimeout],
    };

    private static readonly string[] AllServerOptions = OptionsByKind.Values.SelectMany(o => o).Select(o => o.Json).Distinct().ToArray();

    public static TargetSpec? Parse(JsonElement element, string path, List<string> problems)
    {
        var f = new JsonFields(element, path, problems);
        if (!f.IsObject) return null;
        string? name = SuiteParser.ReadName(f);
        string? kind = f.OneOf("kind", TargetKinds.All, required: true);
        string? model = f.OneOf("model", TargetKinds.Models);
        string? framework = f.String("framework");
        string health = f.String("health") ?? "/health";
        if (!health.StartsWith('/')) f.Problem("health", $"must be a path starting with '/' (got '{health}')");
        var requires = f.Strings("requires") ?? [];
        var start = f.Duration("startTimeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var stop = f.Duration("stopTimeout", TimeSpan.Zero, TimeSpan.FromMinutes(10));
        bool? stats = f.Bool("stats");

        var args = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string>? command = null;
        Dictionary<string, string>? env = null;
        string? url = null;
        int? pid = null;

        if (kind is not null && OptionsByKind.TryGetValue(kind, out var allowed))
        {
            foreach (var option in allowed) ReadServerOption(f, option, args, options);
            // Options of another built-in kind: say which kind has them, not just "unknown".
            foreach (var other in AllServerOptions.Except(allowed.Select(o => o.Json)))
                if (f.Has(other))
                {
                    f.Accept(other);
                    f.Problem(other, $"is not an option of {kind} targets");
                }
            var extra = f.Strings("args");
            if (extra is not null) args.AddRange(extra);
            if (model is not null && model != kind) f.Problem("model", $"a {kind} target's model is {kind} (got '{model}')");
            model = kind;
        }
        else if (kind == TargetKinds.Command)
        {
            command = f.Strings("command", required: true);
            if (command is { Count: 0 }) f.Problem("command", "must name a program");
            url = f.String("url") ?? "http://127.0.0.1:{port}";
            env = ReadEnvironment(f);
            if (model is null) f.Problem("model", "required for command targets (wsgi, asgi, kestrel or other), so claims know what it is");
        }
        else if (kind == TargetKinds.Url)
        {
            url = f.String("url", required: true);
            pid = (int?)f.Integer("pid", 1, int.MaxValue);
            if (model is null) f.Problem("model", "required for url targets (wsgi, asgi, kestrel or other), so claims know what it is");
        }
        if (url is not null && !Uri.TryCreate(url.Replace("{port}", "1", StringComparison.Ordinal), UriKind.Absolute, out var u))
            f.Problem("url", $"'{url}' is not an absolute http:// URL");
        else if (url is not null && !url.StartsWith("http://", StringComparison.Ordinal))
            f.Problem("url", $"must start with http:// (got '{url}')");

        f.ReportUnknown();
        if (name is null || kind is null || model is null) return null;
        return new TargetSpec
        {
            Name = name,
            Kind = kind,
            Model = model,
            Framework = framework,
            ServerArgs = args,
            Options = options,
            Command = command,
            Environment = env,
            Url = url,
            Pid = pid,
            Requires = requires,
            HealthPath = health,
            HasStats = stats ?? kind is TargetKinds.Wsgi or TargetKinds.Asgi or TargetKinds.Kestrel,
            StartTimeout = start ?? TimeSpan.FromSeconds(30),
            StopTimeout = stop ?? TimeSpan.FromSeconds(10),
        };
    }

    private static void ReadServerOption(JsonFields f, ServerOption o, List<string> args, Dictionary<string, string> options)
    {
        switch (o.Type)
        {
            case OptionType.Integer when f.Integer(o.Json, (long)o.Min, (long)o.Max) is { } n:
                args.AddRange([o.Flag, n.ToString(CultureInfo.InvariantCulture)]);
                options[o.Json] = n.ToString(CultureInfo.InvariantCulture);
                break;
            case OptionType.Number when f.Number(o.Json, o.Min, o.Max) is { } d:
                args.AddRange([o.Flag, d.ToString(CultureInfo.InvariantCulture)]);
                options[o.Json] = d.ToString(CultureInfo.InvariantCulture);
                break;
            case OptionType.Bool when f.Bool(o.Json) is { } b:
                if (b) args.Add(o.Flag);
                options[o.Json] = b ? "true" : "false";
                break;
            case OptionType.Choice when f.OneOf(o.Json, o.Choices!) is { } c:
                args.AddRange([o.Flag, c]);
                options[o.Json] = c;
                break;
            case OptionType.MicrosecondsOrAuto when f.TryGet(o.Json, out var v):
                if (v.ValueKind == JsonValueKind.String && v.GetString() == PyCostCalibration.Auto)
                    options[o.Json] = PyCostCalibration.Auto;   // the flag is added once calibrated
                else if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long us) && us >= o.Min && us <= o.Max)
                {
                    args.AddRange([o.Flag, us.ToString(CultureInfo.InvariantCulture)]);
                    options[o.Json] = us.ToString(CultureInfo.InvariantCulture);
                }
                else f.Problem(o.Json, $"must be {o.Min:0}..{o.Max:0} (microseconds) or \"{PyCostCalibration.Auto}\" (got {v.GetRawText()})");
                break;
        }
    }

    private static Dictionary<string, string>? ReadEnvironment(JsonFields f)
    {
        if (!f.TryGet("env", out var e)) return null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            f.Problem("env", "must be an object of NAME: value");
            return null;
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String) env[p.Name] = p.Value.GetString()!;
            else f.Problems.Add($"{f.At("env")}.{p.Name}: must be a string");
        }
        return env;
    }
}
