using Bench.Load.Metrics;
using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>The SSE scenario's metric names (results, thresholds <c>sse.*</c>) and the indices sessions record by.</summary>
public static class SseLayout
{
    // Counters
    public const int Events = 0, Gaps = 1, Duplicates = 2, EarlyEnds = 3, Reconnects = 4, Malformed = 5,
        NeverStreamed = 6, BytesRead = 7, ExhaustedFds = 8, ExhaustedPorts = 9;

    // Gauges
    public const int Connecting = 0, Waiting = 1, Streaming = 2;

    // Recorders
    public const int Connect = 0, FirstEvent = 1, Lag = 2, Resume = 3;

    public const string ClockAssumption =
        "lag = client receive time minus the event's t_us; both are CLOCK_MONOTONIC microseconds (Stopwatch), " +
        "which every process on one machine shares; the figures are meaningless across machines";

    /// <summary>Names other layers read (reports, compare, claims); written only here.</summary>
    public const string Prefix = "sse", EventsName = "events", GapsName = "gaps", DuplicatesName = "duplicates", MalformedName = "malformed",
        StreamingName = "streaming", FirstEventName = "first_event", LagName = "lag";

    public static readonly StreamLayout Layout = new(
        Prefix: Prefix,
        Counters: [EventsName, GapsName, DuplicatesName, "early_ends", "reconnects", MalformedName, "never_streamed", "bytes_read",
            StreamCounters.ExhaustedDescriptors, StreamCounters.ExhaustedPorts],
        Gauges: ["connecting", "waiting", StreamingName],
        Recorders: ["connect", FirstEventName, LagName, "resume"],
        ClockAssumption: ClockAssumption,
        Findings: Findings,
        Violations: [GapsName, DuplicatesName, MalformedName])
    {
        RecorderKinds = [LatencyKinds.Connect, LatencyKinds.FirstEvent, LatencyKinds.DeliveryLag, LatencyKinds.Resume],
    };

    /// <summary>
    /// The sentences a report quotes. A thread-per-request server that can stream to only as many
    /// subscribers as it has threads shows up here as "8 streaming, 92 waiting or failed".
    /// </summary>
    private static IReadOnlyList<string> Findings(StreamResult r, double elapsedSeconds)
    {
        var findings = new List<string>();
        long events = r.Counters[EventsName];
        if (r.Gauges[StreamingName].AtHoldEnd is { } streaming)
        {
            long waiting = (r.Gauges["waiting"].AtHoldEnd ?? 0) + (r.Gauges["connecting"].AtHoldEnd ?? 0);
            long never = r.Counters["never_streamed"];
            findings.Add($"{streaming:N0} streaming, {Math.Max(waiting, never):N0} waiting or failed when the hold ended (peak {r.Gauges[StreamingName].Peak:N0} streaming at once)");
        }
        else
        {
            findings.Add($"peak {r.Gauges[StreamingName].Peak:N0} streams at once");
        }
        findings.Add($"{events:N0} events ({(elapsedSeconds > 0 ? events / elapsedSeconds : 0):N0}/s), {r.Counters[GapsName]:N0} missed, {r.Counters["early_ends"]:N0} streams ended early, {r.Counters["reconnects"]:N0} reconnects");
        return findings;
    }
}
