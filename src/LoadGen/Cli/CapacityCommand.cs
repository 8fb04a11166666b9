using System.CommandLine;
using System.Text.Json;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Load.Thresholds;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen capacity --target URL --slo "p99&lt;100ms,errors&lt;1%"</c>: the highest open-model
/// rate the target sustains within the SLO, and the throughput-latency curve with its knee.
/// Exit codes: 0 found, 1 even the start rate breaks the SLO, 2 bad input.
/// </summary>
public sealed class CapacityCommand
{
    private readonly Option<string> _target = new("--target", "-u") { Description = "URL to load, http:// only (e.g. http://127.0.0.1:8000/hello)" };
    private readonly Option<string> _slo = new("--slo") { Description = "Comma-separated thresholds a rate must meet", DefaultValueFactory = _ => "p99<100ms,errors<1%" };
    private readonly Option<double> _start = new("--start-rate") { Description = "First rate tried, req/s", DefaultValueFactory = _ => 100 };
    private readonly Option<double> _max = new("--max-rate") { Description = "Highest rate tried, req/s", DefaultValueFactory = _ => 100_000 };
    private readonly Option<double> _factor = new("--factor") { Description = "Rate multiplier while stepping up", DefaultValueFactory = _ => 2 };
    private readonly Option<double> _precision = new("--precision") { Description = "Stop bisecting when pass and fail are this close (fraction)", DefaultValueFactory = _ => 0.05 };
    private readonly Option<int> _maxSteps = new("--max-steps") { Description = "Most steps run", DefaultValueFactory = _ => 16 };
    private readonly Option<TimeSpan> _step = Durations.WithDefault("--step", TimeSpan.FromSeconds(5), "Measured time per step");
    private readonly Option<TimeSpan> _warmup = Durations.WithDefault("--warmup", TimeSpan.FromSeconds(1), "Unrecorded warm-up before each step");
    private readonly Option<int> _vus = new("--vus", "-c") { Description = "Connection budget that carries the rate", DefaultValueFactory = _ => 1000 };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Write the curve as JSON here" };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CapacityCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("capacity", "Find the highest rate a target sustains within an SLO (step up, then bisect)")
        {
            _target, _slo, _start, _max, _factor, _precision, _maxSteps, _step, _warmup, _vus, _out,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        string? url = parse.GetValue(_target);
        Uri? uri = null;
        if (string.IsNullOrWhiteSpace(url)) errors.Add("--target: required (e.g. --target http://127.0.0.1:8000/hello)");
        else if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme != Uri.UriSchemeHttp) errors.Add($"--target: '{url}' is not an http:// URL");
        var slo = new List<Threshold>();
        foreach (var part in (parse.GetValue(_slo) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ThresholdParser.TryParse(part, out var t, out string why)) slo.Add(t!);
            else errors.Add($"--slo: {why}");
        }
        if (slo.Count == 0) errors.Add("--slo: needs at least one threshold (e.g. p99<100ms,errors<1%)");
        double start = parse.GetValue(_start), max = parse.GetValue(_max), factor = parse.GetValue(_factor), precision = parse.GetValue(_precision);
        int vus = parse.GetValue(_vus), maxSteps = parse.GetValue(_maxSteps);
        if (!(start > 0 && start <= ModelLimits.MaxRate)) errors.Add($"--start-rate: must be in (0, {ModelLimits.MaxRate:N0}] (got {start})");
        if (!(max >= start && max <= ModelLimits.MaxRate)) errors.Add($"--max-rate: must be in [--start-rate, {ModelLimits.MaxRate:N0}] (got {max})");
        if (!(factor > 1 && factor <= 10)) errors.Add($"--factor: must be in (1, 10] (got {factor})");
        if (!(precision > 0 && precision < 1)) errors.Add($"--precision: must be in (0, 1) (got {precision})");
        if (maxSteps is < 1 or > 100) errors.Add($"--max-steps: must be 1..100 (got {maxSteps})");
        if (vus < 1 || vus > ModelLimits.MaxVus) errors.Add($"--vus: must be in [1, {ModelLimits.MaxVus:N0}] (got {vus})");
        var step = parse.GetValue(_step);
        var warmup = parse.GetValue(_warmup);
        if (step <= TimeSpan.Zero || step > TimeSpan.FromHours(1)) errors.Add("--step: must be in (0, 1h]");
        if (warmup < TimeSpan.Zero || warmup > TimeSpan.FromHours(1)) errors.Add("--warmup: must be in [0, 1h]");
        if (errors.Count > 0 || uri is null)
        {
            foreach (var e in errors) _stderr.WriteLine($"loadgen: {e}");
            return ExitCodes.BadInput;
        }

        using var scenario = new HttpScenario(new HttpTarget { Url = uri });
        var search = new CapacitySearch { StartRate = start, MaxRate = max, Factor = factor, Precision = precision, MaxSteps = maxSteps };
        _stdout.WriteLine($"loadgen capacity: {scenario.Describe()}, SLO {string.Join(", ", slo.Select(s => s.Expression))}, {ModelText.Duration(step)} per step");
        _stdout.WriteLine($"  {"offered/s",10} {"achieved/s",10} {"p50",9} {"p99",9} {"errors",8}  verdict");
        var result = await search.RunAsync(
            (rate, ct) => new LoadRunner().RunAsync(new RunPlan
            {
                Scenario = scenario,
                Model = new ConstantRate { Rate = rate, Duration = step, Vus = vus },
                Warmup = warmup,
                GracefulStop = TimeSpan.FromSeconds(2),
                Thresholds = slo,
            }, null, ct),
            s => _stdout.WriteLine($"  {s.OfferedRate,10:N0} {s.AchievedRate,10:N0} {s.P50Ms,7:0.00}ms {s.P99Ms,7:0.00}ms {s.ErrorRate,8:P2}  {s.Why}"),
            cancellationToken);

        _stdout.WriteLine();
        _stdout.WriteLine($"curve (by offered rate), {result.Stopped}:");
        foreach (var s in result.Curve)
            _stdout.WriteLine($"  {s.OfferedRate,10:N0} req/s -> p99 {s.P99Ms,8:0.00} ms {(s.Sustained ? "" : "  (not sustained)")}{(ReferenceEquals(s, result.Knee) ? "  <- knee" : "")}");
        _stdout.WriteLine(result.SustainableRate is { } r ? $"sustainable: {r:N0} req/s within {string.Join(", ", slo.Select(s => s.Expression))}" : "sustainable: none (the start rate already breaks the SLO)");
        if (result.Knee is { } k) _stdout.WriteLine($"knee: {k.OfferedRate:N0} req/s (p99 {k.P99Ms:0.00} ms)");

        if (parse.GetValue(_out) is { } outPath)
        {
            var doc = new
            {
                schemaVersion = 1,
                tool = "loadgen-capacity",
                target = uri.ToString(),
                slo = slo.Select(s => s.Expression),
                sustainableRate = result.SustainableRate,
                knee = result.Knee?.OfferedRate,
                stopped = result.Stopped,
                curve = result.Curve.Select(s => new { s.OfferedRate, s.AchievedRate, s.P50Ms, s.P99Ms, s.ErrorRate, s.Dropped, s.Sustained, s.Why, run = s.Run }),
            };
            AtomicFile.WriteJson(outPath, doc, ResultsJson.Options);
            _stdout.WriteLine($"curve: {Path.GetFullPath(outPath)}");
        }
        return result.SustainableRate is null ? ExitCodes.ThresholdsFailed : ExitCodes.Pass;
    }
}
