using System.CommandLine;
using System.Globalization;
using Bench.Load.Engine;
using Bench.Reporting;
using Bench.Reporting.Input;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen report RESULTS.json [-o DIR]</c>: (re)generates index.html, summary.md, charts/ and
/// hgrm/ from any results file. The report goes beside the results unless -o says otherwise.
/// An unreadable file is one line on stderr and exit 2, like every other bad input.
/// </summary>
public sealed class ReportCommand
{
    private readonly Argument<string> _results = new("RESULTS.json") { Description = "A results file: a suite's results.json or a loadgen run --out file" };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Directory for the report [default: the results file's directory]" };
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public ReportCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("report", "Write a self-contained HTML report (index.html), summary.md and PNG charts from a results file")
        {
            _results, _out,
        };
        Command.SetAction(parse => Run(parse.GetValue(_results)!, parse.GetValue(_out)));
    }

    public Command Command { get; }

    private int Run(string resultsPath, string? outDir)
    {
        try
        {
            var run = ReportInputReader.Read(resultsPath);
            string dir = outDir ?? Path.GetDirectoryName(Path.GetFullPath(resultsPath))!;
            var output = ReportGenerator.Generate(run, resultsPath, dir);
            _stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"report: {output.IndexPath} ({output.Charts} charts, {run.Claims.Count} claims, {output.Elapsed.TotalSeconds:0.00} s); summary: {output.SummaryPath}"));
            return ExitCodes.Pass;
        }
        catch (ReportInputException ex)
        {
            _stderr.WriteLine($"loadgen report: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _stderr.WriteLine($"loadgen report: cannot write the report: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }
}
