using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Bench.Compare;
using Bench.Compare.History;
using Bench.Compare.Model;
using Bench.Compare.Rendering;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Reporting.Compare;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen compare BASELINE CURRENT</c>: the regression gate. Exit 0 when nothing gated got
/// worse, 1 on a regression, 3 when the gate cannot judge (never a silent pass), 2 on bad input.
/// </summary>
public sealed class CompareCommand
{
    private readonly Argument<string?> _base = new("BASELINE") { Description = "Baseline results: a file or a directory (suite results.json, run results, ab trials, instruction counts, BenchmarkDotNet *-report-full.json)", Arity = ArgumentArity.ZeroOrOne };
    private readonly Argument<string?> _head = new("CURRENT") { Description = "Current results, same kinds", Arity = ArgumentArity.ZeroOrOne };
    private readonly Option<double> _instructionThreshold = Fraction("--instruction-threshold", 0.01, "Instructions-per-operation change that counts, e.g. 1%");
    private readonly Option<double> _instructionFloor = new("--instruction-floor") { Description = "Instructions per operation below which changes are ignored", DefaultValueFactory = _ => 20 };
    private readonly Option<bool> _strict = new("--strict") { Description = "Inconclusive timing fails the gate (exit 3); without it, it is a warning" };
    private readonly Option<string?> _history = new("--history") { Description = "History file (JSON lines): with --commit, the head's figures are appended; change points in it are reported" };
    private readonly Option<string?> _commit = new("--commit") { Description = "The head's commit, for the rows appended to --history" };
    private readonly Option<string?> _html = new("--html") { Description = "Write the comparison page here [default: compare.html beside the Markdown]" };
    private readonly Option<double> _threshold = Fraction("--threshold", 0.10, "Timing change that counts, e.g. 10% or 0.1");
    private readonly Option<int> _minTrials = new("--min-trials") { Description = "Trials per side needed before timing is judged", DefaultValueFactory = _ => 8 };
    private readonly Option<double> _alpha = new("--alpha") { Description = "Significance to call a timing metric slower or faster", DefaultValueFactory = _ => 0.001 };
    private readonly Option<double> _equivalenceAlpha = new("--equivalence-alpha") { Description = "Significance to call a timing metric the same (TOST)", DefaultValueFactory = _ => 0.05 };
    private readonly Option<double> _allocThreshold = Fraction("--alloc-threshold", 0.05, "Allocation change that counts, e.g. 5%");
    private readonly Option<double> _allocFloor = new("--alloc-floor") { Description = "Bytes per operation below which allocation changes are ignored", DefaultValueFactory = _ => 8 };
    private readonly Option<bool> _sameJob = new("--same-job") { Description = "Gate timings even if the files do not show both sides ran together" };
    private readonly Option<bool> _trendOnly = new("--trend-only") { Description = "Never gate timings (show them as trend)" };
    private readonly Option<string?> _markdown = new("--markdown", "-o") { Description = "Write the Markdown here [default: compare.md in CURRENT's directory]" };
    private readonly Option<string?> _json = new("--json") { Description = "Also write the comparison as JSON" };
    private readonly Option<bool> _all = new("--all") { Description = "Show information-only rows on the console too" };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CompareCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("compare", "Compare results with a baseline: correctness, allocations/resources, and timing with a Mann–Whitney test (exit 0 pass, 1 regression, 2 bad input, 3 inconclusive)")
        {
            _base, _head, _threshold, _minTrials, _alpha, _equivalenceAlpha, _instructionThreshold, _instructionFloor, _allocThreshold, _allocFloor, _sameJob, _trendOnly, _strict,
            _markdown, _json, _html, _all, _history, _commit,
        };
        Command.SetAction(Run);
    }

    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        var options = new GateOptions
        {
            TimingThreshold = parse.GetValue(_threshold),
            MinTrials = parse.GetValue(_minTrials),
            Alpha = parse.GetValue(_alpha),
            EquivalenceAlpha = parse.GetValue(_equivalenceAlpha),
            InstructionThreshold = parse.GetValue(_instructionThreshold),
            InstructionFloor = parse.GetValue(_instructionFloor),
            Strict = parse.GetValue(_strict),
            AllocationThreshold = parse.GetValue(_allocThreshold),
            AllocationFloorBytes = parse.GetValue(_allocFloor),
            SameJob = parse.GetValue(_sameJob) ? true : parse.GetValue(_trendOnly) ? false : null,
        };
        var problems = options.Validate().ToList();
        if (parse.GetValue(_sameJob) && parse.GetValue(_trendOnly)) problems.Add("--same-job and --trend-only contradict each other");
        string? basePath = parse.GetValue(_base), headPath = parse.GetValue(_head), history = parse.GetValue(_history), commit = parse.GetValue(_commit);
        if ((basePath is null) != (headPath is null)) problems.Add("BASELINE and CURRENT: give both, or neither with --history");
        if (basePath is null && history is null) problems.Add("BASELINE CURRENT: required (or --history FILE alone to report its change points)");
        if (commit is not null && (history is null || headPath is null)) problems.Add("--commit: needs --history FILE and CURRENT (it names the head's rows)");
        if (problems.Count > 0)
        {
            foreach (var p in problems) _stderr.WriteLine($"loadgen: {p}");
            return ExitCodes.BadInput;
        }
        ComparisonReport? report = null;
        IReadOnlyList<MetricSeries>? trends = null;
        try
        {
            if (basePath is not null && headPath is not null) report = Comparer.Compare(basePath, headPath, options);
            if (history is not null)
            {
                if (report is not null && commit is not null) HistoryFile.Append(history, HistoryFile.RowsOf(report, commit, DateTimeOffset.UtcNow));
                if (!File.Exists(history)) throw new FileNotFoundException($"--history: {history}: no such file", history);
                trends = ChangePointReport.Analyse(HistoryFile.Read(history));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _stderr.WriteLine($"loadgen: compare: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (trends is not null) ChangePointRenderer.Render(trends, history!, _stdout);
        if (report is null) return 0;
        ConsoleRenderer.Render(report, _stdout, parse.GetValue(_all));
        string markdown = parse.GetValue(_markdown) ?? Path.Combine(Directory.Exists(report.HeadPath) ? report.HeadPath : Path.GetDirectoryName(Path.GetFullPath(report.HeadPath))!, "compare.md");
        AtomicFile.WriteText(markdown, MarkdownRenderer.Render(report) + (trends is null ? "" : ChangePointRenderer.Markdown(trends)));
        _stdout.WriteLine($"  markdown {Path.GetFullPath(markdown)}");
        string html = parse.GetValue(_html) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(markdown))!, "compare.html");
        AtomicFile.WriteText(html, ComparePage.Render(report, trends));
        _stdout.WriteLine($"  html     {Path.GetFullPath(html)}");
        if (parse.GetValue(_json) is { } json)
        {
            AtomicFile.WriteJson(json, report, ResultsJson.Options);
            _stdout.WriteLine($"  json     {Path.GetFullPath(json)}");
        }
        return report.ExitCode;
    }

    /// <summary>A share written as 10% or 0.1; a parse error names the flag.</summary>
    internal static Option<double> Fraction(string name, double fallback, string description) => new(name)
    {
        Description = $"{description} [default: {fallback.ToString("P0", CultureInfo.InvariantCulture)}]",
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            string text = r.Tokens.Count > 0 ? r.Tokens[0].Value.Trim() : "";
            bool percent = text.EndsWith('%');
            if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                return percent ? v / 100 : v;
            r.AddError($"{name}: '{text}' is not a share (e.g. 10% or 0.1)");
            return fallback;
        },
    };
}
