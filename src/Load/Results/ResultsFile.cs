using System.Text.Json;

namespace Bench.Load.Results;

/// <summary>
/// Reads and writes results.json. Writes go through <see cref="AtomicFile"/>, so a crash or Ctrl-C
/// mid-write leaves the previous complete snapshot, never half a file. Reads are the one way any
/// layer turns a run's JSON back into a <see cref="RunResult"/> (a results file, or the run a suite
/// cell or an ab trial embeds), so what loadgen writes and what is read are the same records.
/// </summary>
public static class ResultsFile
{
    /// <summary>Rewritten every second while a run lasts: atomic, not flushed to disk each time (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, RunResult result) => AtomicFile.WriteJson(path, result, ResultsJson.Options, durable: false);

    public static RunResult Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return FromJson(doc.RootElement, path);
    }

    /// <summary>
    /// One run from its JSON. Not a run this loadgen reads (schema version out of range, a field of
    /// the wrong shape, a required one missing): an <see cref="InvalidDataException"/> of one line
    /// naming <paramref name="source"/>.
    /// </summary>
    public static RunResult FromJson(JsonElement run, string source)
    {
        int version = run.ValueKind == JsonValueKind.Object && run.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out int n) ? n : 0;
        if (version < 1 || version > ResultsSchema.Version)
            throw new InvalidDataException($"{source}: loadgen results schemaVersion {version} is not supported (this loadgen reads 1..{ResultsSchema.Version})");
        try
        {
            return run.Deserialize<RunResult>(ResultsJson.Options) ?? throw new InvalidDataException($"{source}: empty results file");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"{source}: does not match loadgen results schemaVersion {version}: {ex.Message.Split('\n')[0].Trim()}", ex);
        }
    }
}
