using Xunit;
using Bench.LoadGen.Cli;
using Bench.Load.Vocabulary;

namespace Bench.Tests.LoadGen;

public sealed class CliParserTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("1m30s", 90)]
    [InlineData("2", 2)]
    [InlineData("1h", 3600)]
    public void Durations_parse_like_k6(string text, double seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("10x")]
    [InlineData("")]
    public void Nonsense_is_not_a_duration(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Fact]
    public void Stages_and_cpu_lists_parse()
    {
        Assert.True(StagesParser.TryParse("10s:100, 1m:100,5s:0", out var stages, out _));
        Assert.Equal([100.0, 100, 0], stages.Select(s => s.Target));
        Assert.Equal(TimeSpan.FromMinutes(1), stages[1].Duration);
        Assert.True(CpuListParser.TryParse("0,2-3", out var cpus));
        Assert.Equal([0, 2, 3], cpus);
    }
}
