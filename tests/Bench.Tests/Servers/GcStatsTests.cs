using System.Text.Json;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>/stats?gc=1 on every target: a full collection first, then the live heap and what the GC keeps committed.</summary>
public sealed class GcStatsTests
{
    [Theory]
    [InlineData(TestTargets.Wsgi)]
    [InlineData(TestTargets.Asgi)]
    [InlineData(TestTargets.Kestrel)]
    public async Task Stats_with_gc_reports_the_heap_after_a_full_collection_and_plain_stats_does_not(string name)
    {
        await using var target = await TestTargets.StartAsync(name);
        int gen2Before = GC.CollectionCount(2);

        using var settled = JsonDocument.Parse(await target.Client.GetStringAsync("/stats?gc=1"));
        using var plain = JsonDocument.Parse(await target.Client.GetStringAsync("/stats"));
        using var bad = await target.Client.GetAsync("/stats?gc=2");

        long heap = settled.RootElement.GetProperty("gc_heap_bytes").GetInt64();
        long committed = settled.RootElement.GetProperty("gc_committed_bytes").GetInt64();
        Assert.True(heap > 0, $"heap {heap}");
        Assert.True(committed >= heap, $"committed {committed} < heap {heap}");
        Assert.True(GC.CollectionCount(2) > gen2Before, "the in-process server ran no full collection");
        Assert.False(plain.RootElement.TryGetProperty("gc_heap_bytes", out _));
        Assert.Equal(400, (int)bad.StatusCode);
    }
}
