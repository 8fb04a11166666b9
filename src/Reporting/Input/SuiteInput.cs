using System.Text.Json;
using Bench.Reporting.Model;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Reporting.Input;

/// <summary>Suite results files (tool "loadgen-suite"): checked for a version this loadgen knows, then mapped.</summary>
public static class SuiteInput
{
    public static bool Handles(string tool) => tool == SuiteResultsSchema.Tool;

    public static ReportRun Read(JsonElement root, string path)
    {
        try
        {
            return SuiteResultsAdapter.ToReport(SuiteResultsFile.FromJson(root, path));
        }
        catch (InvalidDataException ex)
        {
            throw new ReportInputException(ex.Message);
        }
    }
}
