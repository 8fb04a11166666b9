using System.Text.Json;

namespace Bench.Load.Results;

/// <summary>
/// Reads and writes results.json. Writes go through <see cref="AtomicFile"/>, so a crash or Ctrl-C
/// mid-write leaves the previous complete snapshot, never half a file.
/// </summary>
public static class ResultsFile
{
    /// <summary>Rewritten every second while a run lasts: atomic, not flushed to disk each time (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, RunResult result) => AtomicFile.WriteJson(path, result, ResultsJson.Options, durable: false);

    public static RunResult Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        int version = doc.RootElement.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : 0;
        if (version < 1 || version > ResultsSchema.Version)
            throw new InvalidDataException($"{path}: schemaVersion {version} is not supported (this loadgen reads 1..{ResultsSchema.Version})");
        return doc.RootElement.Deserialize<RunResult>(ResultsJson.Options)
            ?? throw new InvalidDataException($"{path}: empty results file");
    }
}
