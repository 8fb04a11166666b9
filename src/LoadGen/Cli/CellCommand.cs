using System.CommandLine;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.LoadGen.Scale;
using Bench.Suites;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen cell SUITE CELL-ID --url URL</c>: runs one cell of a suite (its scenario, load and
/// timing as the suite file gives them) against a target that is already running. A suite group with
/// <c>"processes": P</c> starts P of these with <c>--shard I/P --start-at -</c> and merges their files
/// (<see cref="CellShards"/>); by hand it re-runs one cell without its suite.
/// </summary>
public sealed class CellCommand
{
    private readonly Argument<string> _suite = new("suite") { Description = "Suite name under suites/ or a JSON file" };
    private readonly Argument<string> _cell = new("cell") { Description = "The cell's id, as loadgen suite --validate lists it (group/target/scenario/c100/1)" };
    private readonly Option<string> _url = new("--url") { Description = "Base URL of the running target (the cell's scenario adds its path)", Required = true };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Write results JSON here (rewritten every second, complete at the end)" };
    private readonly Option<string?> _cpu = new("--cpu") { Description = "Pin loadgen to these CPUs (e.g. 1 or 2-3)" };
    private readonly ScaleOptions _scale = new();
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CellCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command(CellShards.Command, "Run one cell of a suite against a target that is already running (a suite group's processes start one per shard)")
        {
            _suite, _cell, _url, _out, _cpu,
        };
        _scale.AddTo(Command);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var scale = _scale.Read(parse, errors);
        if (scale.Processes > 1) errors.Add("--processes: give the suite group \"processes\" instead; loadgen cell runs one shard");
        string urlText = parse.GetValue(_url)!;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
            errors.Add($"--url: '{urlText}' is not an absolute http:// URL");
        IReadOnlyList<int>? cpus = null;
        if (parse.GetValue(_cpu) is { } cpu && !CpuListParser.TryParse(cpu, out cpus))
            errors.Add($"--cpu: '{cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
        if (errors.Count > 0) return Fail(errors);

        string path = RepoPaths.SuitePath(parse.GetValue(_suite)!);
        var validation = SuiteParser.ParseFile(path);
        if (!validation.Ok) return Fail(validation.Problems.Select(p => $"{path}: {p}"));
        string id = parse.GetValue(_cell)!;
        var cell = CellPlanner.Expand(validation.Suite!).FirstOrDefault(c => c.Id == id);
        if (cell is null) return Fail([$"cell: no cell '{id}' in {path} (loadgen suite {path} --validate lists them)"]);
        if (cell.Scenario.Factory is null) return Fail([$"cell {id}: scenario not available: {cell.Scenario.UnavailableReason}"]);
        if (cpus is not null && CpuAffinity.Pin(cpus) is { } pinError) return Fail([$"--cpu: {pinError}"]);

        var scenario = cell.Scenario.Factory(url!);
        try
        {
            if (scenario is IMixedScenario) return Fail([$"cell {id}: a {cell.Scenario.Kind} cell runs several parts at once and does not run as one shard; give its group no \"processes\""]);
            var plan = ScaleOptions.Cut(cell.PlanFor(scenario, cpus) with { CommandLine = Environment.GetCommandLineArgs().Skip(1).ToArray() }, scale);
            // Checked before this shard says it is ready, so a bad part stops every shard before any load.
            if (plan.Validate() is { Count: > 0 } problems) return Fail(problems.Select(p => $"cell {id}: {p}"));
            var (startAt, startError) = await ScaleOptions.ResolveStartAsync(scale, _stdout, Console.In).ConfigureAwait(false);
            if (startError is not null) return Fail([startError]);
            plan = ScaleOptions.Start(plan, startAt);

            string? outPath = parse.GetValue(_out);
            IRunObserver observer = outPath is null ? new CompositeObserver() : new ResultsFileObserver(outPath, _stderr);
            _stdout.WriteLine($"loadgen: cell {id}: {plan.Model.Describe()} -> {scenario.Describe()}");
            var result = await new LoadRunner().RunAsync(plan, observer, cancellationToken).ConfigureAwait(false);
            ResultPrinter.Print(result, _stdout);
            if (outPath is not null) _stdout.WriteLine($"  results    {Path.GetFullPath(outPath)}");
            return result.ExitCode ?? ExitCodes.Invalid;
        }
        finally
        {
            (scenario as IDisposable)?.Dispose();
        }
    }

    private int Fail(IEnumerable<string> errors)
    {
        foreach (var e in errors) _stderr.WriteLine($"loadgen: {e}");
        return ExitCodes.BadInput;
    }
}
