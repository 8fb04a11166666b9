using System.Text.Json;
using Bench.Reporting.Model;
using Bench.Load.Results;

namespace Bench.Reporting.Input;

/// <summary>
/// Opens any Bench results file and maps it to a <see cref="ReportRun"/>. The "tool" field tells
/// the kind, "schemaVersion" the version; anything else (truncated, foreign, too new) becomes a
/// <see cref="ReportInputException"/> whose message names the file and the problem in one line.
/// </summary>
public static class ReportInputReader
{
    public static ReportRun Read(string path)
    {
        if (!File.Exists(path)) throw new ReportInputException($"{path}: no such file");
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            // A file cut mid-write (Ctrl-C, full disk) ends early: say so instead of a parser trace.
            throw new ReportInputException($"{path}: not a complete JSON document (truncated or corrupt at line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})");
        }
        catch (IOException ex)
        {
            throw new ReportInputException($"{path}: cannot read: {ex.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            string? tool = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tool", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            int? version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : null;
            if (tool is null || version is null)
                throw new ReportInputException($"{path}: not a Bench results file (no \"tool\" and \"schemaVersion\" fields)");
            return tool switch
            {
                ResultsSchema.Tool => ReadRun(root, path),
                _ when SuiteInput.Handles(tool) => SuiteInput.Read(root, path),
                _ => throw new ReportInputException($"{path}: tool \"{tool}\" is not a Bench results file (expected \"loadgen\" or a suite's results)"),
            };
        }
    }

    private static ReportRun ReadRun(JsonElement root, string path)
    {
        try
        {
            return RunResultAdapter.ToReport(ResultsFile.FromJson(root, path), path);
        }
        catch (InvalidDataException ex)
        {
            throw new ReportInputException(ex.Message);
        }
    }
}
