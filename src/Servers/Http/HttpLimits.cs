namespace Bench.Servers.Http;

/// <summary>
/// Request limits shared by both twins. Defaults follow Kestrel (which took them from nginx, Apache
/// and IIS, see docs/GATEWAYS.md §3) so that a limit never differs between the twins, only the model does.
/// </summary>
public sealed record HttpLimits
{
    /// <summary>Longest request line, CRLF excluded; longer gets 414.</summary>
    public int MaxRequestLineBytes { get; init; } = 8 * 1024;

    /// <summary>Total size of the header block; larger gets 431.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>Most header fields; more get 431.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>Largest request body; larger gets 413. Kestrel's default of 30,000,000 bytes.</summary>
    public long MaxBodyBytes { get; init; } = 30_000_000;

    /// <summary>Time from the first byte of a request until its headers are complete; over it gets 408.</summary>
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest chunk-size line (with extensions) in a chunked body.</summary>
    public int MaxChunkLineBytes { get; init; } = 4 * 1024;
}
