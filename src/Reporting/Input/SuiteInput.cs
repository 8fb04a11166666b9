using System.Text.Json;
using Bench.Reporting.Model;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Reporting.Input;

/// <summary>Suite results files (tool "loadgen-suite"): checked for a version this loadgen knows, then mapped.</summary>
public static class SuiteInput
{
    public static bool Handles(string tool) => tool == SuiteResultsSchema.Tool;

    public static ReportRun Read(JsonElement root, string path, int version)
    {
        if (version < 1 || version > SuiteResultsSchema.Version)
            throw new ReportInputException($"{path}: suite results schemaVersion {version} is not supported (this loadgen reads 1..{SuiteResultsSchema.Version})");
        var suite = ReportInputReader.Deserialize<SuiteResults>(root, path, $"suite results schemaVersion {version}");
        return SuiteResultsAdapter.ToReport(suite);
    }
}
