namespace Bench.Suites;

/// <summary>
/// Something to load: a built-in <c>bench-server wsgi|asgi|kestrel</c> with its options, an
/// external command line (gunicorn, uvicorn: issue 9) that listens on <c>{port}</c>, or a URL
/// already serving (optionally with the PID to sample).
/// </summary>
public sealed record TargetSpec
{
    public required string Name { get; init; }

    /// <summary>wsgi, asgi, kestrel, command or url.</summary>
    public required string Kind { get; init; }

    /// <summary>The concurrency model the claims rules compare: wsgi, asgi or kestrel (built-ins imply it).</summary>
    public required string Model { get; init; }

    /// <summary>Framework layer on top of the server ("fastapi", "flask"); null for a raw app (claim 6).</summary>
    public string? Framework { get; init; }

    /// <summary>bench-server flags in order, e.g. ["--threads", "32"]; only for built-in kinds.</summary>
    public IReadOnlyList<string> ServerArgs { get; init; } = [];

    /// <summary>The options as data (threads, ws, mode...) for the claims rules and the report.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Command kind: argv with "{port}" placeholders.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Command kind: extra environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Url kind: the base URL; command kind: a template with "{port}" (default http://127.0.0.1:{port}).</summary>
    public string? Url { get; init; }

    /// <summary>Url kind: the process to sample, if known.</summary>
    public int? Pid { get; init; }

    /// <summary>Executables (looked up on PATH) or files (relative to the repository) the target needs; missing ones skip its cells.</summary>
    public IReadOnlyList<string> Requires { get; init; } = [];

    public string HealthPath { get; init; } = "/health";

    /// <summary>An https target: PEM file of the authority its certificate chains to (the health check trusts it).</summary>
    public string? CaFile { get; init; }

    /// <summary>Whether the target serves Bench's /stats (built-ins do).</summary>
    public bool HasStats { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsBuiltIn => Kind is TargetKinds.Wsgi or TargetKinds.Asgi or TargetKinds.Kestrel;
}

public static class TargetKinds
{
    public const string Wsgi = "wsgi";
    public const string Asgi = "asgi";
    public const string Kestrel = "kestrel";
    public const string Command = "command";
    public const string Url = "url";

    public static readonly string[] All = [Wsgi, Asgi, Kestrel, Command, Url];

    public static readonly string[] Models = [Wsgi, Asgi, Kestrel, "other"];
}
