using Bench.Load.Models;
using Xunit;

namespace Bench.Tests.Load.Models;

/// <summary>The split: N shards together are exactly the whole run, at every instant of a ramp, with remainders fixed by index.</summary>
public sealed class ShardMathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(25)]
    public void Shares_add_up_to_the_total_and_only_grow(int align)
    {
        for (int n = 1; n <= 7; n++)
            for (long total = 0; total <= 300; total++)
            {
                long sum = 0;
                for (int i = 0; i < n; i++)
                {
                    var shard = new Shard(i, n);
                    long share = shard.Share(total, align);
                    Assert.True(share >= shard.Share(total - 1, align), $"shard {shard} shrank at {total}");
                    sum += share;
                }
                Assert.Equal(total, sum);
            }
    }

    [Fact]
    public void The_remainder_goes_to_the_lowest_indices()
    {
        Assert.Equal([4, 3, 3], Enumerable.Range(0, 3).Select(i => new Shard(i, 3).Share(10)));
        // Chat rooms of 25: whole rooms dealt round-robin, the partial last room to whoever is next.
        Assert.Equal([50, 35, 25], Enumerable.Range(0, 3).Select(i => new Shard(i, 3).Share(110, 25)));
    }

    [Fact]
    public void A_ramp_of_vus_splits_exactly_at_every_instant()
    {
        var whole = new RampingVus { StartVus = 0, Stages = [new(TimeSpan.FromSeconds(10), 97), new(TimeSpan.FromSeconds(5), 97), new(TimeSpan.FromSeconds(10), 0)] };
        var shards = Enumerable.Range(0, 3).Select(i => (IClosedModel)Sharding.Apply(whole, new Shard(i, 3))).ToList();
        for (var t = TimeSpan.Zero; t <= whole.Duration; t += TimeSpan.FromMilliseconds(10))
            Assert.Equal(whole.TargetVus(t), shards.Sum(s => s.TargetVus(t)));
        Assert.Equal(whole.MaxVus, shards.Sum(s => s.MaxVus));
    }

    [Fact]
    public void A_connection_ramp_splits_exactly_and_keeps_chat_rooms_whole()
    {
        var whole = new ConnectionRamp { Connections = 110, RampRate = 100, Duration = TimeSpan.FromSeconds(5) };
        var shards = Enumerable.Range(0, 3).Select(i => (IClosedModel)Sharding.Apply(whole, new Shard(i, 3), align: 25)).ToList();
        for (var t = TimeSpan.Zero; t <= whole.Duration; t += TimeSpan.FromMilliseconds(5))
            Assert.Equal(whole.TargetVus(t), shards.Sum(s => s.TargetVus(t)));
        Assert.Equal([50, 35, 25], shards.Select(s => s.MaxVus));
    }

    [Fact]
    public void Per_vu_iterations_split_by_vu_so_the_iteration_total_is_exact()
    {
        var whole = new PerVuIterations { Vus = 10, Iterations = 7 };
        var shards = Enumerable.Range(0, 4).Select(i => (IClosedModel)Sharding.Apply(whole, new Shard(i, 4))).ToList();
        Assert.Equal(70, shards.Sum(s => s.MaxVus * s.IterationsPerVu!.Value));
    }

    public static TheoryData<string> OpenModels => new() { "constant", "ramping" };

    [Theory]
    [MemberData(nameof(OpenModels))]
    public void An_open_schedule_is_dealt_iteration_by_iteration_at_the_whole_schedules_times(string kind)
    {
        IOpenModel whole = kind == "constant"
            ? new ConstantRate { Rate = 333, Duration = TimeSpan.FromSeconds(3), Vus = 20 }
            : new RampingRate { StartRate = 10, Stages = [new(TimeSpan.FromSeconds(2), 400), new(TimeSpan.FromSeconds(1), 50)], Vus = 20 };
        var shards = Enumerable.Range(0, 3).Select(i => (IOpenModel)Sharding.Apply(whole, new Shard(i, 3))).ToList();

        var all = Starts(whole).ToList();
        var dealt = shards.SelectMany(Starts).OrderBy(t => t).ToList();
        Assert.Equal(all, dealt);
        for (var t = TimeSpan.Zero; t <= whole.Duration; t += TimeSpan.FromMilliseconds(7))
            Assert.Equal(whole.ScheduledIterations(t), shards.Sum(s => s.ScheduledIterations(t)));
        Assert.Equal(20, shards.Sum(s => s.MaxVus));
    }

    [Fact]
    public void A_shard_with_no_vu_has_nothing_to_do_and_says_so()
    {
        var whole = new ConstantRate { Rate = 100, Duration = TimeSpan.FromSeconds(1), Vus = 2 };
        var third = (IShardedModel)Sharding.Apply(whole, new Shard(2, 3));
        Assert.True(third.Empty);
        Assert.Contains("nothing to do", third.Describe());
        Assert.Null(((IOpenModel)third).IntendedStart(0));
        // The two shards with a VU carry every iteration between them.
        var carriers = Enumerable.Range(0, 2).Select(i => (IOpenModel)Sharding.Apply(whole, new Shard(i, 3)));
        Assert.Equal(Starts(whole), carriers.SelectMany(Starts).OrderBy(t => t));
    }

    [Theory]
    [InlineData("3/3", "index 3 is out of range for 3 shards (0..2)")]
    [InlineData("0/0", "the shard count must be in [1, 10,000]")]
    [InlineData("1", "is not INDEX/COUNT")]
    [InlineData("-1/3", "is not INDEX/COUNT")]
    public void A_bad_shard_is_one_clear_problem(string text, string expected)
    {
        Assert.False(Shard.TryParse(text, out _, out string error));
        Assert.Contains(expected, error);
    }

    private static IEnumerable<TimeSpan> Starts(IOpenModel model)
    {
        for (long k = 0; model.IntendedStart(k) is { } t; k++) yield return t;
    }
}
