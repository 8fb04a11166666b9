using System.Text.Json;

namespace Bench.Load.Results;

/// <summary>
/// The one way Bench writes a file that must never be seen half-written (run results, suite results,
/// ab trials, capacity and compare data): the bytes go to a temporary file beside the target and the
/// temporary file is renamed over the target. A crash, Ctrl-C or a full disk at any moment leaves
/// either the previous complete file or the new one. <c>durable</c> also flushes to disk before the
/// rename (survives power loss); a run's own snapshot, rewritten every second, skips that so a slow
/// disk never holds up the sampler.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes whatever <paramref name="write"/> puts in the stream; creates the directory if needed.</summary>
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Per process, so two writers of the same path (a suite and its cell's run) never share a temporary file.
        string temp = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(stream);
                // Durable before the rename: otherwise a power loss can leave the new name pointing at no data.
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteJson<T>(string path, T value, JsonSerializerOptions options, bool durable = true) =>
        Write(path, stream => JsonSerializer.Serialize(stream, value, options), durable);

    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
