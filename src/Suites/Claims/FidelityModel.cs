namespace Bench.Suites.Claims;

/// <summary>
/// One target of a fidelity pair. A twin is a built-in bench-server kind run with <c>gil</c>; a
/// peer is a <c>command</c> target (gunicorn, uvicorn) of the same model with no framework on top.
/// <see cref="Pool"/> is threads × workers for thread-per-request servers, null when unknown.
/// </summary>
public sealed record FidelityTarget(string Name, string Kind, string Model, string? Framework, bool Gil, int? Pool)
{
    public bool IsTwin => Kind is "wsgi" or "asgi" && Gil;

    public bool IsPeer => Kind == "command" && Framework is null && Model is "wsgi" or "asgi";
}

/// <summary>
/// One measured point (the median repeat) of one target: throughput for HTTP cells, streams held
/// for long-lived ones. <see cref="Held"/> is what the clients held when the hold ended, else the
/// server's own count; null when neither was measured.
/// </summary>
public sealed record FidelityPoint
{
    public required string CellId { get; init; }
    public required string Group { get; init; }
    public required string Target { get; init; }
    public required string Scenario { get; init; }
    public string ScenarioKind { get; init; } = "http";
    public string? Path { get; init; }
    public required int Connections { get; init; }
    public double Throughput { get; init; }
    public double? Held { get; init; }
    public double ErrorRate { get; init; }
    public double P99Ms { get; init; }

    /// <summary>wait_ms from the path's query, in seconds: what makes a cell I/O-bound.</summary>
    public double? WaitSeconds { get; init; }

    /// <summary>Why the cell has no figures (skipped, failed, interrupted); null when it completed.</summary>
    public string? Missing { get; init; }

    public bool IsStream => ScenarioKind != "http";
}

/// <summary>What a row compares: requests per second on the I/O-bound sweep, or streams held.</summary>
public static class FidelityMeasures
{
    public const string Throughput = "throughput";
    public const string Held = "held";
}

/// <summary>
/// One cell of a pair, both figures side by side. <see cref="Ratio"/> is twin ÷ peer (null when a
/// side is missing or the peer's figure is 0); <see cref="Expected"/> is what the model predicts
/// (min(c, threads) ÷ wait for a pool, c ÷ wait for a loop, c streams), for the reader's scale.
/// </summary>
public sealed record FidelityRow(
    string Measure,
    string Scenario,
    string ScenarioKind,
    int Connections,
    double? Twin,
    double? Peer,
    double? Ratio,
    double? Expected,
    string? TwinCellId,
    string? PeerCellId,
    string? Note);

/// <summary>
/// A twin and its peer over the cells they share, with the sentences that say, from these
/// numbers, where their shapes agree and where they differ, and which cells lacked a side.
/// </summary>
public sealed record FidelityPair(
    string Model,
    FidelityTarget Twin,
    FidelityTarget Peer,
    IReadOnlyList<FidelityRow> Rows,
    IReadOnlyList<string> Agree,
    IReadOnlyList<string> Differ,
    IReadOnlyList<string> NotCompared)
{
    public string Title => $"{Twin.Name} vs {Peer.Name}";
}

/// <summary>Every fidelity pair of a run; empty when the run had no twin-with-GIL/peer pair.</summary>
public sealed record FidelityReport(IReadOnlyList<FidelityPair> Pairs)
{
    public static FidelityReport Empty { get; } = new([]);
}
