using Bench.LoadGen.Metrics;
using Bench.LoadGen.Scenarios.Hold;
using Bench.LoadGen.Scenarios.Sse;
using Bench.LoadGen.Scenarios.WsChat;
using Bench.LoadGen.Scenarios.WsEcho;

namespace Bench.LoadGen.Scenarios;

/// <summary>Every long-lived scenario's metric layout by threshold prefix, so thresholds naming an unknown metric are rejected before a run.</summary>
public static class StreamCatalog
{
    public static readonly IReadOnlyDictionary<string, StreamLayout> Layouts = new Dictionary<string, StreamLayout>
    {
        ["sse"] = SseLayout.Layout,
        ["ws"] = WsEchoLayout.Layout,
        ["chat"] = WsChatLayout.Layout,
        ["hold"] = HoldLayout.Layout,
    };
}
