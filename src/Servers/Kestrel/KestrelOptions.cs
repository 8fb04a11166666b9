namespace Bench.Servers.Kestrel;

/// <summary>The Kestrel reference target: Kestrel's own defaults except where a knob is named here.</summary>
public sealed record KestrelOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    public TimeSpan GracefulTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan HeaderTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public long MaxBodyBytes { get; init; } = 30_000_000;
}
