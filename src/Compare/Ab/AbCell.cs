namespace Bench.Compare.Ab;

/// <summary>
/// One A/B measurement: a twin under a closed-model load on one route. Kept small and short so
/// 8+8 trials of every cell fit a CI step; the cell's name is what compare matches across sides.
/// </summary>
public sealed record AbCell(string Target, string Path, int Connections)
{
    public string Name => $"{Target} {Path} c{Connections}";

    /// <summary>A file-system-safe form of <see cref="Name"/>.</summary>
    public string Slug => string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    /// <summary>
    /// The default set: per twin, a route that is all server overhead (/hello, where an added
    /// millisecond multiplies latency) and one dominated by a 5 ms wait (/users, where it shows as
    /// a fraction), at concurrencies below WSGI's 32 threads so neither queues.
    /// </summary>
    public static readonly IReadOnlyList<AbCell> Defaults =
    [
        new("wsgi", "/hello", 8),
        new("wsgi", "/users/1?wait_ms=5", 16),
        new("asgi", "/hello", 8),
        new("asgi", "/users/1?wait_ms=5", 16),
    ];

    public static readonly IReadOnlySet<string> Targets = new HashSet<string>(StringComparer.Ordinal) { "wsgi", "asgi", "kestrel" };

    /// <summary>"wsgi:/hello:8" → a cell; null and a reason when the text is not one.</summary>
    public static AbCell? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Split(':', 3);
        if (parts.Length == 3 && Targets.Contains(parts[0]) && parts[1].StartsWith('/') && int.TryParse(parts[2], out int c) && c is >= 1 and <= 10_000)
            return new AbCell(parts[0], parts[1], c);
        error = $"--cell: '{text}' is not TARGET:PATH:CONNECTIONS (e.g. wsgi:/hello:8; targets {string.Join(", ", Targets)}; 1..10000 connections)";
        return null;
    }
}
