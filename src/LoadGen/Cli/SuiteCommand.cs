using System.CommandLine;
using Bench.Load.Engine;
using Bench.Suites;
using Spectre.Console;
using Bench.Suites.Results;
using Bench.Load.Results;
using Bench.Load.Models;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen suite [NAME|FILE]</c>: validates the whole suite first (exit 2 listing every
/// problem), pins itself and the targets to different CPUs, runs every cell, writes
/// reports/&lt;run-id&gt;/results.json after each, prints the summary and the claims' verdicts.
/// Exit codes: 0 every cell that ran completed and passed its thresholds, 1 a cell failed or
/// missed a threshold, 2 bad suite, 130 interrupted.
/// </summary>
public sealed class SuiteCommand
{
    public const int Interrupted = 130;

    private readonly Argument<string> _suite = new("suite") { Description = "Suite name under suites/ (smoke, claims, full) or a JSON file", DefaultValueFactory = _ => "claims" };
    private readonly Option<string?> _outDir = new("--out-dir") { Description = "Where run folders go [default: <repo>/reports]" };
    private readonly Option<string?> _runId = new("--run-id") { Description = "Name of this run's folder [default: <date>-<time>-<suite>]" };
    private readonly Option<string?> _server = new("--server") { Description = "bench-server executable [default: $BENCH_SERVER, else src/Servers/bin/<config>/net10.0/bench-server]" };
    private readonly Option<bool> _noPin = new("--no-pin") { Description = "Do not pin targets and loadgen to separate CPUs" };
    private readonly Option<string[]> _groups = new("--group") { Description = "Run only this group (repeatable)" };
    private readonly Option<bool> _validate = new("--validate") { Description = "Only check the suite file and list its cells" };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public SuiteCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("suite", "Run a suite: start each target, sweep the load, sample the servers, judge the claims")
        {
            _suite, _outDir, _runId, _server, _noPin, _groups, _validate,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        string path = RepoPaths.SuitePath(parse.GetValue(_suite) ?? "claims");
        var validation = SuiteParser.ParseFile(path);
        string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        foreach (var problem in validation.Problems) _stderr.WriteLine($"loadgen: {shown}: {problem}");
        if (!validation.Ok)
        {
            _stderr.WriteLine($"loadgen: {shown}: {validation.Problems.Count} problem(s); nothing was started");
            return ExitCodes.BadInput;
        }
        var suite = validation.Suite!;
        foreach (var notice in validation.Notices) _stdout.WriteLine($"loadgen: {shown}: {notice}");

        var groups = parse.GetValue(_groups) ?? [];
        var unknownGroups = groups.Where(g => suite.Groups.All(x => x.Name != g)).ToList();
        foreach (var g in unknownGroups) _stderr.WriteLine($"loadgen: --group: no group named '{g}' in {shown}");
        if (unknownGroups.Count > 0) return ExitCodes.BadInput;
        var cells = CellPlanner.Expand(suite).Where(c => groups.Length == 0 || groups.Contains(c.Group.Name)).ToList();
        double planned = cells.Sum(c => c.PlannedSeconds + 2);
        if (parse.GetValue(_validate))
        {
            foreach (var c in cells) _stdout.WriteLine($"  {c.Id}  ({c.Model.Describe()})");
            _stdout.WriteLine($"{shown}: valid, {cells.Count} cells, about {ModelText.Duration(TimeSpan.FromSeconds(Math.Round(planned)))}");
            return ExitCodes.Pass;
        }

        string? server = parse.GetValue(_server) is { } s ? Path.GetFullPath(s) : RepoPaths.ServerExecutable();
        if (cells.Any(c => c.Target.IsBuiltIn) && (server is null || !File.Exists(server)))
        {
            _stderr.WriteLine($"loadgen: bench-server not found{(server is null ? "" : $" at {server}")}: build it (dotnet build -c Release) or set BENCH_SERVER");
            return ExitCodes.BadInput;
        }

        var pinning = Pin(parse.GetValue(_noPin));
        var options = new SuiteRunOptions
        {
            ReportsDirectory = Path.GetFullPath(parse.GetValue(_outDir) ?? Path.Combine(RepoPaths.Root, "reports")),
            RunId = parse.GetValue(_runId) ?? SuiteRunOptions.NewRunId(suite.Name),
            ServerPath = server,
            TargetCpus = pinning.TargetCpus,
            LoadgenCpus = pinning.LoadgenCpus,
            PinningNote = pinning.Note,
            Groups = groups,
        };
        _stdout.WriteLine($"loadgen: suite {suite.Name}: {cells.Count} cells, about {ModelText.Duration(TimeSpan.FromSeconds(Math.Round(planned)))}; " +
            (pinning.Enabled ? $"targets on CPU {string.Join(",", pinning.TargetCpus)}, loadgen on CPU {string.Join(",", pinning.LoadgenCpus)}" : $"not pinned ({pinning.Note})"));
        _stdout.WriteLine($"loadgen: results: {options.ResultsPath}");

        var environment = RunMetadata.Collect(server, pinning);
        bool interactive = ReferenceEquals(_stdout, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive
            && Environment.GetEnvironmentVariable("CI") is null or "" or "false";
        SuiteResults results;
        if (interactive)
        {
            var live = new LiveSuiteProgress($"suite {suite.Name}");
            results = await live.ShowWhileAsync(() => new SuiteRunner(options, live).RunAsync(suite, path, environment, cancellationToken));
        }
        else
        {
            results = await new SuiteRunner(options, new PlainSuiteProgress(_stdout)).RunAsync(suite, path, environment, cancellationToken);
        }

        SummaryTables.Print(results, _stdout);
        FidelityTable.Print(results.Cells, _stdout);
        SkipList.Print(results.Cells, _stdout);
        _stdout.WriteLine();
        _stdout.WriteLine($"results: {options.ResultsPath}");
        _stdout.WriteLine($"latest:  {Path.Combine(options.ReportsDirectory, "latest")}");
        if (results.Status == RunStatus.Interrupted) return Interrupted;
        bool failed = results.Cells.Any(c => c.Status == CellStatus.Failed || c.Run?.Thresholds.Any(t => !t.Passed) == true);
        return failed ? ExitCodes.ThresholdsFailed : ExitCodes.Pass;
    }

    /// <summary>Targets get the last allowed CPU, loadgen the others (docs/ARCHITECTURE.md §4: the generator pins itself away from the server).</summary>
    private Pinning Pin(bool disabled)
    {
        var cpus = CpuAffinity.Current();
        if (disabled) return new Pinning(false, [], cpus, "none", "--no-pin");
        if (cpus.Count < 2) return new Pinning(false, [], cpus, "none", $"only {cpus.Count} CPU allowed");
        var target = new[] { cpus[^1] };
        var loadgen = cpus.Take(cpus.Count - 1).ToArray();
        if (CpuAffinity.Pin(loadgen) is { } error) return new Pinning(false, [], cpus, "none", error);
        return new Pinning(true, target, loadgen, File.Exists("/usr/bin/taskset") ? "taskset (target), sched_setaffinity (loadgen)" : "sched_setaffinity", null);
    }
}
