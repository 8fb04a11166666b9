using System.CommandLine;
using System.CommandLine.Parsing;
using Bench.Compare;
using Bench.Compare.Ab;
using Bench.Compare.Model;
using Bench.Compare.Rendering;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Vocabulary;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen ab --base DIR --head DIR</c>: the pull-request check. Builds both checkouts, runs
/// the smoke cells interleaved A B B A … against each side's own bench-server, then compares
/// (exit codes as compare: 0 pass, 1 regression, 2 bad input, 3 inconclusive).
/// </summary>
public sealed class AbCommand
{
    private readonly Option<string> _base = new("--base") { Description = "Base checkout (e.g. the pull request's target branch)", Required = true };
    private readonly Option<string> _head = new("--head") { Description = "Head checkout (the change)", Required = true };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Output directory [default: reports/ab-<time>]" };
    private readonly Option<int> _trials = new("--trials", "-n") { Description = "Trials per side per cell", DefaultValueFactory = _ => 8 };
    private readonly Option<TimeSpan> _duration = Duration("--duration", TimeSpan.FromSeconds(2), "Measured time per trial");
    private readonly Option<TimeSpan> _warmup = Duration("--warmup", TimeSpan.FromSeconds(0.5), "Discarded warm-up per trial, on the same connections");
    private readonly Option<string[]> _cells = new("--cell") { Description = "TARGET:PATH:CONNECTIONS, repeatable [default: wsgi and asgi × /hello c8, /users/1?wait_ms=5 c16]" };
    private readonly Option<bool> _noBuild = new("--no-build") { Description = "Use the checkouts' existing Release builds" };
    private readonly Option<int> _serverCpu = new("--server-cpu") { Description = "CPU for both servers", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _loadgenCpu = new("--loadgen-cpu") { Description = "CPU for the generator", DefaultValueFactory = _ => 1 };
    private readonly Option<string[]> _baseEnv = new("--base-env") { Description = "NAME=VALUE for the base servers' environment, repeatable" };
    private readonly Option<string[]> _headEnv = new("--head-env") { Description = "NAME=VALUE for the head servers' environment, repeatable (tests: BENCH_ARTIFICIAL_DELAY_MS=2)" };
    private readonly Option<double> _threshold = CompareCommand.Fraction("--threshold", 0.10, "Timing change that counts");

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public AbCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("ab", "Build two checkouts, run the smoke cells interleaved on both, and compare (exit 0 pass, 1 regression, 2 bad input, 3 inconclusive)")
        {
            _base, _head, _out, _trials, _duration, _warmup, _cells, _noBuild, _serverCpu, _loadgenCpu, _baseEnv, _headEnv, _threshold,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var cells = new List<AbCell>();
        foreach (var text in parse.GetValue(_cells) ?? [])
            if (AbCell.Parse(text, out var error) is { } cell) cells.Add(cell);
            else problems.Add(error!);
        var plan = new AbPlan
        {
            BaseDir = Path.GetFullPath(parse.GetValue(_base)!),
            HeadDir = Path.GetFullPath(parse.GetValue(_head)!),
            OutDir = Path.GetFullPath(parse.GetValue(_out) ?? Path.Combine("reports", $"ab-{DateTime.UtcNow:yyyyMMdd-HHmmss}")),
            Cells = cells.Count > 0 ? cells : AbCell.Defaults,
            Trials = parse.GetValue(_trials),
            Duration = parse.GetValue(_duration),
            Warmup = parse.GetValue(_warmup),
            Build = !parse.GetValue(_noBuild),
            ServerCpu = parse.GetValue(_serverCpu),
            LoadgenCpu = parse.GetValue(_loadgenCpu),
            BaseEnvironment = Environment(parse.GetValue(_baseEnv), "--base-env", problems),
            HeadEnvironment = Environment(parse.GetValue(_headEnv), "--head-env", problems),
        };
        var options = new GateOptions { TimingThreshold = parse.GetValue(_threshold), SameJob = true };
        problems.AddRange(plan.Validate());
        problems.AddRange(options.Validate());
        if (problems.Count > 0)
        {
            foreach (var p in problems) _stderr.WriteLine($"loadgen: {p}");
            return ExitCodes.BadInput;
        }
        try
        {
            await new AbRunner(plan, _stdout).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            // The comparison cannot be made: that is "inconclusive", never a pass.
            _stderr.WriteLine($"loadgen: ab: {ex.Message}");
            return (int)Outcome.Inconclusive;
        }
        var report = Comparer.Compare(Path.Combine(plan.OutDir, "base"), Path.Combine(plan.OutDir, "head"), options);
        ConsoleRenderer.Render(report, _stdout, all: false);
        string markdown = Path.Combine(plan.OutDir, "compare.md");
        AtomicFile.WriteText(markdown, MarkdownRenderer.Render(report));
        _stdout.WriteLine($"  markdown {markdown}");
        return report.ExitCode;
    }

    private static Dictionary<string, string> Environment(string[]? pairs, string flag, List<string> problems)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0) problems.Add($"{flag}: '{pair}' is not NAME=VALUE");
            else env[pair[..eq]] = pair[(eq + 1)..];
        }
        return env;
    }

    private static Option<TimeSpan> Duration(string name, TimeSpan fallback, string description) => new(name)
    {
        Description = $"{description} [default: {fallback.TotalSeconds}s]",
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (DurationParser.TryParse(text, out var d)) return d;
            r.AddError($"{name}: '{text}' is not a duration (e.g. 500ms, 2s)");
            return fallback;
        },
    };
}
