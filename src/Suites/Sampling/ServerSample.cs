namespace Bench.Suites.Sampling;

/// <summary>
/// One second of the target's process tree. <see cref="ElapsedSeconds"/> is on the load series'
/// axis (0 = start of the measured phase; negative during warm-up), so both plot together.
/// </summary>
public sealed record ServerSample(
    double ElapsedSeconds,
    string Phase,
    int Processes,
    long RssBytes,
    int Threads,
    double CpuSeconds,
    double CpuPercent,
    int OpenFiles,
    StatsSample? Stats);

/// <summary>The target's own /stats (Bench's servers report it), as it answered during the sample.</summary>
public sealed record StatsSample(
    long OpenConnections,
    long ActiveRequests,
    long OpenWebsockets,
    long OpenSseStreams,
    long BusyThreads,
    long IdleThreads,
    long TotalRequests);
