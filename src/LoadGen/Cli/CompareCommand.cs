using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using Bench.Compare;
using Bench.Compare.Model;
using Bench.Compare.Rendering;
using Bench.Load.Engine;
using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen compare BASELINE CURRENT</c>: the regression gate. Exit 0 when nothing gated got
/// worse, 1 on a regression, 3 when the gate cannot judge (never a silent pass), 2 on bad input.
/// </summary>
public sealed class CompareCommand
{
    private readonly Argument<string> _base = new("BASELINE") { Description = "Baseline results: a file or a directory (suite results.json, run results, ab trials, BenchmarkDotNet *-report-full.json)" };
    private readonly Argument<string> _head = new("CURRENT") { Description = "Current results, same kinds" };
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
            _base, _head, _threshold, _minTrials, _alpha, _equivalenceAlpha, _allocThreshold, _allocFloor, _sameJob, _trendOnly, _markdown, _json, _all,
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
            AllocationThreshold = parse.GetValue(_allocThreshold),
            AllocationFloorBytes = parse.GetValue(_allocFloor),
            SameJob = parse.GetValue(_sameJob) ? true : parse.GetValue(_trendOnly) ? false : null,
        };
        var problems = options.Validate().ToList();
        if (parse.GetValue(_sameJob) && parse.GetValue(_trendOnly)) problems.Add("--same-job and --trend-only contradict each other");
        if (problems.Count > 0)
        {
            foreach (var p in problems) _stderr.WriteLine($"loadgen: {p}");
            return ExitCodes.BadInput;
        }
        string basePath = parse.GetValue(_base)!, headPath = parse.GetValue(_head)!;
        ComparisonReport report;
        try
        {
            report = Comparer.Compare(basePath, headPath, options);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _stderr.WriteLine($"loadgen: compare: {ex.Message}");
            return ExitCodes.BadInput;
        }
        ConsoleRenderer.Render(report, _stdout, parse.GetValue(_all));
        string markdown = parse.GetValue(_markdown) ?? Path.Combine(Directory.Exists(headPath) ? headPath : Path.GetDirectoryName(Path.GetFullPath(headPath))!, "compare.md");
        File.WriteAllText(markdown, MarkdownRenderer.Render(report));
        _stdout.WriteLine($"  markdown {Path.GetFullPath(markdown)}");
        if (parse.GetValue(_json) is { } json)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(report, ResultsJson.Options));
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
