using Bench.Load.Results;

namespace Bench.Load.Metrics;

/// <summary>The trickle (slowloris) scenario's metric names (<c>trickle.*</c>) and indices.</summary>
public static class TrickleLayout
{
    public const int BytesSent = 0, Heads = 1, Responses = 2, Ok = 3, Timeouts = 4, OtherStatus = 5, ServerCloses = 6, Reconnects = 7,
        ExhaustedFds = 8, ExhaustedPorts = 9;

    public const int Connecting = 0, Trickling = 1, Waiting = 2;

    public const int Connect = 0, Answer = 1;

    /// <summary>Names other layers read (tests, reports); written only here.</summary>
    public const string Prefix = "trickle", BytesSentName = "bytes_sent", HeadsName = "heads", ResponsesName = "responses", OkName = "ok",
        TimeoutsName = "timeouts", OtherStatusName = "other_status", ServerClosesName = "server_closes", ReconnectsName = "reconnects",
        TricklingName = "trickling", WaitingName = "waiting", AnswerName = "answer";

    public static readonly StreamLayout Layout = new(
        Prefix: Prefix,
        Counters: [BytesSentName, HeadsName, ResponsesName, OkName, TimeoutsName, OtherStatusName, ServerClosesName, ReconnectsName,
            StreamCounters.ExhaustedDescriptors, StreamCounters.ExhaustedPorts],
        Gauges: ["connecting", TricklingName, WaitingName],
        Recorders: ["connect", AnswerName],
        Findings: Findings)
    {
        RecorderKinds = [LatencyKinds.Connect, LatencyKinds.SlowRequest],
    };

    private static IReadOnlyList<string> Findings(StreamResult r, double elapsedSeconds) =>
    [
        $"{r.Gauges[TricklingName].Peak:N0} connections trickling their heads at once (peak); {r.Counters[BytesSentName]:N0} head bytes sent, {r.Counters[HeadsName]:N0} heads finished",
        $"{r.Counters[ResponsesName]:N0} answers: {r.Counters[OkName]:N0} 2xx, {r.Counters[TimeoutsName]:N0} 408, {r.Counters[OtherStatusName]:N0} other; " +
            $"the server closed {r.Counters[ServerClosesName]:N0} connections without an answer",
    ];
}
