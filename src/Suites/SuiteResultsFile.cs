using System.Text.Json;
using Bench.Load.Results;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// Writes results.json after every cell through <see cref="AtomicFile"/>, so an interruption at
/// any moment leaves the last complete snapshot. Points reports/latest at the run.
/// </summary>
public static class SuiteResultsFile
{
    public static void Write(string path, SuiteResults results) => AtomicFile.WriteJson(path, results, ResultsJson.Options);

    public static SuiteResults Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        string tool = root.TryGetProperty("tool", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "?";
        int version = root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : 0;
        if (tool != SuiteResultsSchema.Tool)
            throw new InvalidDataException($"{path}: not a suite results file (tool '{tool}', expected '{SuiteResultsSchema.Tool}')");
        if (version < 1 || version > SuiteResultsSchema.Version)
            throw new InvalidDataException($"{path}: suite results schemaVersion {version} is not supported (this loadgen reads 1..{SuiteResultsSchema.Version})");
        return root.Deserialize<SuiteResults>(ResultsJson.Options) ?? throw new InvalidDataException($"{path}: empty results file");
    }

    /// <summary>reports/latest → the run's directory (relative, so the reports folder can move).</summary>
    public static void PointLatest(string reportsDirectory, string runId)
    {
        string link = Path.Combine(reportsDirectory, "latest");
        try
        {
            var info = new FileInfo(link);
            if (info.LinkTarget is not null || info.Exists) File.Delete(link);
            else if (Directory.Exists(link)) return; // a real directory named latest: leave it alone
            File.CreateSymbolicLink(link, runId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
