
namespace Bench.Load.Metrics;

/// <summary>Every long-lived scenario's metric layout by threshold prefix, so thresholds naming an unknown metric are rejected before a run.</summary>
public static class StreamCatalog
{
    public static readonly IReadOnlyDictionary<string, StreamLayout> Layouts = new Dictionary<string, StreamLayout>
    {
        [SseLayout.Prefix] = SseLayout.Layout,
        [WsEchoLayout.Prefix] = WsEchoLayout.Layout,
        [WsChatLayout.Prefix] = WsChatLayout.Layout,
        [HoldLayout.Prefix] = HoldLayout.Layout,
        [TrickleLayout.Prefix] = TrickleLayout.Layout,
    };

    /// <summary>True if <paramref name="counter"/> is a correctness counter (must stay 0) of any scenario.</summary>
    public static bool IsViolation(string counter) => Layouts.Values.Any(l => l.Violations?.Contains(counter) == true);
}
