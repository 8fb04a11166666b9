namespace Bench.Load.Clients;

/// <summary>One request of an HTTP scenario's mix; <see cref="Weight"/> is relative to the others.</summary>
public sealed record HttpRequestSpec
{
    public string Method { get; init; } = "GET";

    /// <summary>Path and query, starting with '/'.</summary>
    public string Path { get; init; } = "/";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    public int Weight { get; init; } = 1;

    public IEnumerable<string> Validate(int index)
    {
        string field = $"requests[{index}]";
        if (Method.Length == 0 || Method.Any(c => c <= ' ' || c > '~')) yield return $"{field}.method: must be an HTTP token (got '{Method}')";
        if (!Path.StartsWith('/') || Path.Any(c => c <= ' ' || c > '~')) yield return $"{field}.path: must start with '/' and contain no spaces (got '{Path}')";
        if (Weight < 1 || Weight > 1_000_000) yield return $"{field}.weight: must be in [1, 1,000,000] (got {Weight})";
        foreach (var (name, value) in Headers)
            if (name.Length == 0 || name.Any(c => c <= ' ' || c > '~' || c == ':') || value.Any(c => c is '\r' or '\n'))
                yield return $"{field}.headers: '{name}' is not a valid header";
    }
}
