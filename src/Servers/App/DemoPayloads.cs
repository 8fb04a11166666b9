using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bench.Servers.App;

/// <summary>What the demo routes return, computed the same way on every target.</summary>
public static class DemoPayloads
{
    public const string TextPlain = "text/plain; charset=utf-8";
    public const string ApplicationJson = "application/json";
    public const string EventStream = "text/event-stream";

    public static readonly byte[] Ok = "ok"u8.ToArray();
    public static readonly byte[] HelloWorld = "Hello World"u8.ToArray();

    /// <summary>Serialised per request on purpose: /json measures serialisation cost (TechEmpower's JSON test).</summary>
    public static byte[] Json() => JsonSerializer.SerializeToUtf8Bytes(new JsonMessage("Hello, World!"), PayloadJson.Default.JsonMessage);

    public static byte[] User(long id, int waitedMs) =>
        JsonSerializer.SerializeToUtf8Bytes(new UserRecord(id, $"user-{id}", $"user{id}@example.com", waitedMs), PayloadJson.Default.UserRecord);

    public static byte[] Waited(int waitedMs, string mode) =>
        JsonSerializer.SerializeToUtf8Bytes(new WaitResult(waitedMs, mode), PayloadJson.Default.WaitResult);

    public static byte[] CpuResult(int iterations, ulong result) =>
        JsonSerializer.SerializeToUtf8Bytes(new CpuOutcome(iterations, result.ToString(System.Globalization.CultureInfo.InvariantCulture)), PayloadJson.Default.CpuOutcome);

    public static byte[] Upload(long length, byte[] sha256) =>
        JsonSerializer.SerializeToUtf8Bytes(new UploadOutcome(length, Convert.ToHexStringLower(sha256)), PayloadJson.Default.UploadOutcome);

    public static byte[] WhoAmI(int threadBefore, int threadAfter) =>
        JsonSerializer.SerializeToUtf8Bytes(new ThreadReport(Environment.ProcessId, threadBefore, threadAfter), PayloadJson.Default.ThreadReport);

    /// <summary>
    /// CPU-bound work: FNV-1a over the loop counter. <paramref name="yieldPoint"/> is called every 1,024
    /// iterations so a modelled GIL can switch threads as CPython's eval loop does.
    /// </summary>
    public static ulong Cpu(int iterations, Action yieldPoint)
    {
        ulong hash = 14695981039346656037;
        for (int i = 0; i < iterations; i++)
        {
            hash ^= (uint)i;
            hash *= 1099511628211;
            if ((i & 1023) == 1023) yieldPoint();
        }
        return hash;
    }

    /// <summary>One chunk of /stream: its index and the server's monotonic send time, padded to the size asked for.</summary>
    public static byte[] StreamChunk(int index, int size)
    {
        var head = $"chunk {index} t={MonotonicClock.NowMicroseconds}\n";
        var bytes = new byte[Math.Max(size, head.Length)];
        Encoding.ASCII.GetBytes(head, bytes);
        bytes.AsSpan(head.Length).Fill((byte)'.');
        if (bytes.Length > head.Length) bytes[^1] = (byte)'\n';
        return bytes;
    }

    public static byte[] Message(string text) => Encoding.UTF8.GetBytes(text + "\n");

    /// <summary>Incremental SHA-256 of an uploaded body, fed chunk by chunk as it streams in.</summary>
    public static IncrementalHash NewUploadHash() => IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
}

public sealed record JsonMessage(string message);
public sealed record UserRecord(long id, string name, string email, int waited_ms);
public sealed record WaitResult(int waited_ms, string mode);
public sealed record CpuOutcome(int iterations, string result);
public sealed record UploadOutcome(long length, string sha256);
public sealed record ThreadReport(int pid, int thread_before, int thread_after);

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonMessage))]
[System.Text.Json.Serialization.JsonSerializable(typeof(UserRecord))]
[System.Text.Json.Serialization.JsonSerializable(typeof(WaitResult))]
[System.Text.Json.Serialization.JsonSerializable(typeof(CpuOutcome))]
[System.Text.Json.Serialization.JsonSerializable(typeof(UploadOutcome))]
[System.Text.Json.Serialization.JsonSerializable(typeof(ThreadReport))]
internal sealed partial class PayloadJson : System.Text.Json.Serialization.JsonSerializerContext;
