using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Engine;

/// <summary>
/// What one virtual user does, repeated by a load model. HTTP implements it today; SSE,
/// WebSocket and "hold" scenarios plug in the same way, so every load model and metric works
/// for them without change.
/// </summary>
public interface IScenario
{
    /// <summary>Short name for results ("http").</summary>
    string Name { get; }

    /// <summary>One line for humans: "GET http://127.0.0.1:8080/hello".</summary>
    string Describe();

    /// <summary>Creates the per-VU state (typically one connection). Called at most once per VU index.</summary>
    IVirtualUser CreateUser(VuContext context);

    /// <summary>
    /// VUs that must run in one process when a run is sharded (<see cref="Models.Sharding"/>):
    /// 1 for independent users; a chat room's size, whose members coordinate in-process.
    /// </summary>
    int ShardBlock => 1;

    /// <summary>The TLS handshakes of an https:// or wss:// scenario; null for plaintext.</summary>
    TlsMetrics? Tls => null;
}

/// <summary>Per-VU state: owns its connection(s); never shared between VUs, so it needs no locks.</summary>
public interface IVirtualUser : IAsyncDisposable
{
    /// <summary>
    /// Runs one iteration and reports what happened. Must not throw for network failures:
    /// they are outcomes, classified by <see cref="ErrorKind"/>.
    /// </summary>
    ValueTask<IterationOutcome> IterateAsync();

    /// <summary>Closes connections now, from any thread; an in-flight iteration ends as <see cref="ErrorKind.Interrupted"/>.</summary>
    void Abort();
}

/// <summary>What a scenario may use while it runs: its index and the run's metrics for extra histograms.</summary>
public sealed record VuContext(int Index, RunMetrics Metrics, TimeSpan Timeout);
