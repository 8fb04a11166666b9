using System.Text.Json;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Compare.Inputs;

/// <summary>
/// Reads one side of a comparison: a results file, or a directory searched recursively for
/// them. Each JSON file says what it is (loadgen's "tool" field, BenchmarkDotNet's shape); a
/// directory's other JSON files are listed as skipped, a named file compare cannot read is an error.
/// Loadgen's own files (runs, suites, the runs ab trials embed) are read as the records loadgen
/// wrote them with; one that claims to be such a file but does not match is an error naming it.
/// </summary>
public static class ResultsLoader
{
    public static ResultSet Load(string path)
    {
        var set = new ResultSet(path);
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (!TryRead(file, set)) set.Skip(file);
            if (set.Files.Count == 0)
                throw new InvalidDataException($"{path}: no results files (suite results.json, loadgen run results, ab trials, instruction counts or BenchmarkDotNet *-report-full.json)");
            return set;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file or directory", path);
        if (!TryRead(path, set))
            throw new InvalidDataException($"{path}: not a results file compare reads (suite results.json, loadgen run results, ab trial or BenchmarkDotNet full JSON)");
        return set;
    }

    private static bool TryRead(string file, ResultSet set)
    {
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(file);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException)
        {
            return false;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            switch (root.Get("tool").String())
            {
                case SuiteResultsSchema.Tool: SuiteReader.Read(SuiteResultsFile.FromJson(root, file), set); break;
                case AbTrial.Tool: AbTrialReader.Read(root, file, set); break;
                case InstructionReader.Tool: InstructionReader.Read(root, set); break;
                case ResultsSchema.Tool:
                    var run = ResultsFile.FromJson(root, file);
                    RunReader.Read(run, RunReader.CellOf(run), set);
                    break;
                default:
                    if (!BdnReader.IsBdn(root)) return false;
                    BdnReader.Read(root, set);
                    break;
            }
        }
        set.AddFile(file);
        return true;
    }
}
