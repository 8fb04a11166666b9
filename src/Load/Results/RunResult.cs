using System.Text.Json;

namespace Bench.Load.Results;

/// <summary>
/// One run, as written to results.json. Plain data: suites, reports and compare read it and
/// nothing else. Latencies are microseconds. Bump <see cref="ResultsSchema.Version"/> on any
/// change a reader of an older file would misread.
/// </summary>
public sealed record RunResult
{
    public int SchemaVersion { get; init; } = ResultsSchema.Version;

    public string Tool { get; init; } = ResultsSchema.Tool;

    /// <summary>"running" while the file is rewritten each second, then "completed" or "interrupted".</summary>
    public string Status { get; init; } = RunStatus.Running;

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Wall-clock time at which the measured phase began (after any warm-up): the origin of <see cref="Series"/>, by which a merge lines shards up. Null in older files.</summary>
    public DateTimeOffset? MeasuredFrom { get; init; }

    public required RunConfig Config { get; init; }

    public required MachineInfo Machine { get; init; }

    public required Totals Totals { get; init; }

    public required LatencyBreakdown Latency { get; init; }

    public IReadOnlyList<TimeSeriesPoint> Series { get; init; } = [];

    /// <summary>Cumulative histograms by metric name ("latency", "uncorrected", "ttfb", "connect", "sendLag"), HdrHistogram compressed base64.</summary>
    public IReadOnlyDictionary<string, string> Histograms { get; init; } = new Dictionary<string, string>();

    public required Validity Validity { get; init; }

    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>0 pass, 1 thresholds failed, 3 run invalid; null while running.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Since version 2: a long-lived scenario's own metrics (SSE, WebSocket, hold); null for HTTP runs and in version 1 files.</summary>
    public StreamResult? Stream { get; init; }

    /// <summary>TLS of an https:// or wss:// run (verification, handshakes full/resumed/failed and their duration); null for plaintext.</summary>
    public TlsResult? Tls { get; init; }

    /// <summary>
    /// Since version 2: the parts of a mixed run, each a complete result of its own (its
    /// scenario, model, series, histograms). The top level then sums their totals. Null for
    /// single-scenario runs and in version 1 files.
    /// </summary>
    public IReadOnlyList<ScenarioPart>? Scenarios { get; init; }

    /// <summary>Code scenarios only: their named steps in the order they first ran; null otherwise.</summary>
    public IReadOnlyList<StepResult>? Steps { get; init; }

    /// <summary>Code scenarios only: iterations ended by an exception, by its type name (counted under "exception" in the errors); null when none.</summary>
    public IReadOnlyDictionary<string, long>? Exceptions { get; init; }

    /// <summary>Which shard of a sharded run this file is (<c>loadgen run --shard I/N</c>); null otherwise.</summary>
    public ShardInfo? Shard { get; init; }

    /// <summary>The shards a merged file was made of (<c>loadgen merge</c>, <c>--processes</c>); null otherwise.</summary>
    public MergeInfo? Merge { get; init; }
}

public static class ResultsSchema
{
    /// <summary>2 added <see cref="RunResult.Stream"/> and <see cref="RunResult.Scenarios"/>; version 1 files read with both null.</summary>
    public const int Version = 2;

    /// <summary>The "tool" field of a run's results: how readers tell them from other JSON.</summary>
    public const string Tool = "loadgen";
}

public static class RunStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Interrupted = "interrupted";
}

/// <summary>What was asked for: enough to re-run it and to label charts.</summary>
public sealed record RunConfig(
    string Scenario,
    string Target,
    string Model,
    string ModelDescription,
    JsonElement ModelParameters,
    double WarmupSeconds,
    double GracefulStopSeconds,
    double TimeoutSeconds,
    IReadOnlyList<string> Thresholds,
    IReadOnlyList<int>? Cpus,
    IReadOnlyList<string>? CommandLine);

public sealed record MachineInfo(
    string Hostname,
    string Os,
    string Kernel,
    string Architecture,
    string CpuModel,
    int LogicalCores,
    IReadOnlyList<int> AllowedCpus,
    long MemoryBytes,
    string Runtime,
    string LoadgenVersion,
    string GcMode);

/// <summary>
/// Requests are iterations that were started (ok + failed); dropped ones were due but never
/// started. Rate counts ok + failed over the measured duration.
/// </summary>
public sealed record Totals(
    long Requests,
    long Ok,
    long Failed,
    long Dropped,
    double DurationSeconds,
    double Rate,
    double ErrorRate,
    long BytesRead,
    long BytesWritten,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, long> StatusCodes);

/// <summary>Percentiles in microseconds; a metric with no samples has Count 0 and zeros elsewhere.</summary>
public sealed record LatencySummary(
    long Count,
    double Mean,
    double StdDev,
    long Min,
    long P50,
    long P75,
    long P90,
    long P95,
    long P99,
    long P999,
    long P9999,
    long Max);

/// <summary>
/// <see cref="Latency"/> is from the intended start (coordinated omission corrected) in open
/// models and equals <see cref="Uncorrected"/> in closed ones. <see cref="Measures"/> says what
/// these latencies are: "request" (one HTTP request each) or "none" for a long-lived run, whose
/// sessions last as long as the hold and have no request latency; its own latencies (connect,
/// handshake, first event, lag, RTT) are in <see cref="StreamResult.Latencies"/>, each labelled
/// in <see cref="StreamResult.LatencyKinds"/>.
/// </summary>
public sealed record LatencyBreakdown(
    LatencySummary Latency,
    LatencySummary Uncorrected,
    LatencySummary Ttfb,
    LatencySummary Connect,
    LatencySummary SendLag)
{
    public const string Requests = "request";
    public const string NoRequests = "none";

    /// <summary>"request", or "none" when the run had no requests to time (a long-lived scenario); absent in older files means "request".</summary>
    public string Measures { get; init; } = Requests;
}

/// <summary>One second of the measured phase. Second 1 covers [0 s, 1 s).</summary>
public sealed record TimeSeriesPoint(
    int Second,
    double ElapsedSeconds,
    long Requests,
    long Failed,
    double Rate,
    long Dropped,
    int ActiveVus,
    long P50,
    long P99,
    long Max,
    long BytesRead,
    string LatencyHistogram);

/// <summary>Whether the generator, not the target, may have set the numbers; <see cref="Reasons"/> say why not.</summary>
public sealed record Validity(
    bool Valid,
    IReadOnlyList<string> Reasons,
    double CpuPercent,
    int AllowedCores,
    long SchedulerLagP99,
    long SendLagP99,
    long Dropped,
    long Exhausted);

public sealed record ThresholdResult(string Expression, double Actual, string Unit, bool Passed);

/// <summary>
/// One named step of a code scenario (<c>ctx.Measure("name", ...)</c>): every call counted, its
/// latency in microseconds (measured from the step's own start, not corrected), failures by
/// error kind and by exception type, and its lossless histogram.
/// </summary>
public sealed record StepResult(
    string Name,
    long Count,
    long Ok,
    long Failed,
    double Rate,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, long> Exceptions,
    string Histogram);

/// <summary>
/// TLS of an https:// or wss:// run: what verification did (<see cref="Insecure"/> when it was off),
/// the handshakes of the measured phase — full, resumed, failed — and their duration in microseconds
/// (histogram "tlsHandshake"), by negotiated version and ALPN protocol; <see cref="Offered"/> is what
/// loadgen offered (<c>--tls-version</c>), null in files written before the option.
/// </summary>
public sealed record TlsResult(
    string Verification,
    bool Insecure,
    string? ServerName,
    bool Resumption,
    long Full,
    long Resumed,
    long Failed,
    LatencySummary Handshake,
    IReadOnlyDictionary<string, long> Versions,
    IReadOnlyDictionary<string, long> Alpn,
    IReadOnlyList<string>? Offered = null);
