using Bench.Load.Clients;

namespace Bench.Load.Code;

/// <summary>
/// A request encoded once and sent many times: the hot path then only copies bytes to the
/// socket, as the CLI does. <c>ctx.Http.GetAsync(path)</c> encodes on every call instead, which is
/// simpler and fine unless the generator's own CPU is the limit.
/// </summary>
public sealed class PreparedRequest
{
    // A reference swap, so VUs on other threads never see half of an update.
    private Encoded? _encoded;

    public PreparedRequest(string method, string path, byte[]? body = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        Spec = new HttpRequestSpec { Method = method, Path = path, Body = body, Headers = headers ?? [] };
        var problems = Spec.Validate(0).ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems.Select(p => p[(p.IndexOf('.') + 1)..])));
        IsHead = method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
    }

    public static PreparedRequest Get(string path) => new("GET", path);

    public static PreparedRequest Post(string path, byte[] body, string contentType = "application/octet-stream") =>
        new("POST", path, body, [new("Content-Type", contentType)]);

    internal HttpRequestSpec Spec { get; }

    internal bool IsHead { get; }

    /// <summary>"GET /users/1", for failure messages.</summary>
    public override string ToString() => $"{Spec.Method} {Spec.Path}";

    /// <summary>The bytes for this host; a scenario has one base URL, so one cached encoding serves every VU.</summary>
    internal byte[] Encode(string hostHeader)
    {
        if (Volatile.Read(ref _encoded) is { } e && e.Host == hostHeader) return e.Bytes;
        var bytes = RequestEncoder.Encode(Spec, hostHeader);
        Volatile.Write(ref _encoded, new Encoded(hostHeader, bytes));
        return bytes;
    }

    private sealed record Encoded(string Host, byte[] Bytes);
}
