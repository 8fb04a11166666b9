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
        return FromJson(doc.RootElement, path);
    }

    /// <summary>
    /// A suite's results from their JSON, the one way every layer reads them (reports, compare). Not
    /// a file this loadgen reads: an <see cref="InvalidDataException"/> of one line naming <paramref name="source"/>.
    /// </summary>
    public static SuiteResults FromJson(JsonElement root, string source)
    {
        bool isObject = root.ValueKind == JsonValueKind.Object;
        string tool = isObject && root.TryGetProperty("tool", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "?";
        int version = isObject && root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : 0;
        if (tool != SuiteResultsSchema.Tool)
            throw new InvalidDataException($"{source}: not a suite results file (tool '{tool}', expected '{SuiteResultsSchema.Tool}')");
        if (version < 1 || version > SuiteResultsSchema.Version)
            throw new InvalidDataException($"{source}: suite results schemaVersion {version} is not supported (this loadgen reads 1..{SuiteResultsSchema.Version})");
        try
        {
            return root.Deserialize<SuiteResults>(ResultsJson.Options) ?? throw new InvalidDataException($"{source}: empty results file");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{source}: does not match suite results schemaVersion {version}: {ex.Message.Split('\n')[0].Trim()}", ex);
        }
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
