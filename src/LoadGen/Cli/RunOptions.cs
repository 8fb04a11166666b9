namespace Bench.LoadGen.Cli;

/// <summary>The run command's flags after parsing, before they become a <see cref="Engine.RunPlan"/>.</summary>
public sealed record RunOptions
{
    public string? Url { get; init; }
    public int? Vus { get; init; }
    public double? Rate { get; init; }
    public string? Stages { get; init; }
    public TimeSpan? Duration { get; init; }
    public long? Iterations { get; init; }
    public TimeSpan Warmup { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(10);
    public IReadOnlyList<string> Thresholds { get; init; } = [];
    public string? Out { get; init; }
    public string? Cpu { get; init; }
    public string Method { get; init; } = "GET";
    public IReadOnlyList<string> Headers { get; init; } = [];
    public string? Body { get; init; }
    public string? Client { get; init; }

    /// <summary>TLS for an https:// or wss:// URL (--insecure, --ca, --client-cert/--client-key, --sni, --tls-resume, --tls-version).</summary>
    public Bench.Load.Clients.Tls.TlsSettings Tls { get; init; } = new();

    /// <summary>The TLS flags given on the command line, in the order of <c>--help</c>.</summary>
    public IReadOnlyList<string> TlsFlags { get; init; } = [];
}
