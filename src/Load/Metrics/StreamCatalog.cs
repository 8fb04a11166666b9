
namespace Bench.Load.Metrics;

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
