using Bench.Compare.Model;
using Bench.Load.Results;

namespace Bench.Compare.Inputs;

/// <summary>
/// The numbers compare takes from one load run, under a cell name the caller chose. The run is
/// loadgen's own record (<see cref="RunResult"/>, read by <see cref="ResultsFile.FromJson"/>), so
/// compare reads the fields loadgen writes and no description of the file of its own.
/// </summary>
internal static class RunReader
{
    /// <summary>
    /// "http GET /hello [epoll] · 8 VUs for 3s": the run's own description with every URL in it cut to
    /// its path, since the host and port differ between two servers (the target reads
    /// "GET http://127.0.0.1:8080/hello [epoll]", "SSE http://…/sse?events=3 (3 events)", or a mixed run's parts).
    /// </summary>
    public static string CellOf(RunResult run)
    {
        var words = (run.Config.Target ?? "").Split(' ').Select(w =>
            Uri.TryCreate(w, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ws" or "wss" ? uri.PathAndQuery : w);
        return $"{run.Config.Scenario ?? "run"} {string.Join(' ', words)} · {run.Config.ModelDescription}".Trim();
    }

    public static void Read(RunResult run, string cell, ResultSet into)
    {
        into.AddHost(run.Machine.Hostname);
        // A time the file did not carry reads as the default: no time, not the year 1.
        DateTimeOffset? started = run.StartedAt == default ? null : run.StartedAt;
        DateTimeOffset? updated = run.UpdatedAt == default ? null : run.UpdatedAt;
        into.AddSpan(started, run.EndedAt ?? updated);

        into.Add(cell, MetricIds.Errors, run.Totals.Failed);
        if (run.Totals.Requests > 0) into.Add(cell, MetricIds.Throughput, run.Totals.Rate);
        var latency = run.Latency.Latency;
        if (latency.Count > 0)
        {
            into.Add(cell, MetricIds.P50, latency.P50);
            into.Add(cell, MetricIds.P99, latency.P99);
        }

        if (run.Stream is { } stream) ReadStream(stream, cell, into);
        foreach (var part in run.Scenarios ?? [])
            Read(part.Result, $"{cell} / {part.Name}", into);
    }

    /// <summary>Correctness counters of a long-lived scenario: every one is recorded, so a 0 in the baseline meets a 3 in the head.</summary>
    private static void ReadStream(StreamResult stream, string cell, ResultSet into)
    {
        foreach (var (counter, value) in stream.Counters)
            if (StreamCorrectness.IsViolation(counter))
                into.Add(cell, MetricIds.Stream(stream.Kind, counter), value);
    }
}
