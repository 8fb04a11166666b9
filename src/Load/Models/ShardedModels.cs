namespace Bench.Load.Models;

/// <summary>A model cut down to one shard's part; <see cref="Whole"/> is the run all shards make together.</summary>
public interface IShardedModel : ILoadModel
{
    ILoadModel Whole { get; }

    Shard Shard { get; }

    /// <summary>True when this shard's part is empty (fewer VUs than shards): it runs nothing and says so.</summary>
    bool Empty { get; }
}

/// <summary>
/// Models cut into shards. Closed models (VUs, connections, per-VU iterations, stages) deal their
/// VU indices: at every instant this shard runs <see cref="Shard.Share(int, int)"/> of the whole
/// model's target, so the shards' targets add up to the whole target at every instant of a ramp.
/// Open models deal their iterations: global iteration k goes to shard k % m (m: the shards that
/// got at least one VU) at the whole schedule's own intended time, so the union of the shards'
/// schedules is the whole schedule, time for time.
/// </summary>
public static class Sharding
{
    /// <param name="align">Units dealt together: a chat room's size, so a room's members share a process.</param>
    public static ILoadModel Apply(ILoadModel model, Shard shard, int align = 1) => shard.IsWhole ? model : model switch
    {
        IClosedModel closed => new ShardedClosedModel(closed, shard, Math.Max(1, align)),
        IOpenModel open => new ShardedOpenModel(open, shard),
        _ => throw new ArgumentException($"model {model.Kind} is neither closed nor open", nameof(model)),
    };

    /// <summary>
    /// The whole run may hold what all shards hold together; this shard's part must fit the one
    /// process it runs in (<paramref name="maxVus"/> each).
    /// </summary>
    internal static IReadOnlyList<ModelProblem> Validate(ILoadModel whole, Shard shard, int part, int maxVus)
    {
        var problems = whole.Validate((int)Math.Min(int.MaxValue, (long)maxVus * shard.Count)).ToList();
        if (problems.Count == 0 && part > maxVus)
            problems.Add(new("vus", $"shard {shard} would hold {part:N0} of the run's {whole.MaxVus:N0}, more than one process holds ({maxVus:N0}): use more shards"));
        return problems;
    }

    internal static string Describe(ILoadModel whole, Shard shard, string part) =>
        $"{whole.Describe()}; shard {shard}: {part}";
}

public sealed record ShardedClosedModel(IClosedModel Whole, Shard Shard, int Align) : IClosedModel, IShardedModel
{
    ILoadModel IShardedModel.Whole => Whole;

    public string Kind => Whole.Kind;

    public TimeSpan Duration => Whole.Duration;

    public int MaxVus => Shard.Share(Whole.MaxVus, Align);

    public long? IterationsPerVu => Whole.IterationsPerVu;

    public bool Empty => MaxVus == 0;

    public int TargetVus(TimeSpan elapsed) => Shard.Share(Whole.TargetVus(elapsed), Align);

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus) => Sharding.Validate(Whole, Shard, MaxVus, maxVus);

    public string Describe() => Sharding.Describe(Whole, Shard, Empty
        ? $"nothing to do (the run's {ModelText.Number(Whole.MaxVus)} VUs go to other shards)"
        : $"{ModelText.Number(MaxVus)} of its {ModelText.Number(Whole.MaxVus)} VUs");
}

public sealed record ShardedOpenModel(IOpenModel Whole, Shard Shard) : IOpenModel, IShardedModel
{
    ILoadModel IShardedModel.Whole => Whole;

    /// <summary>Shards that carry iterations: every one that got a VU.</summary>
    private int Carriers => Math.Min(Shard.Count, Whole.MaxVus);

    public string Kind => Whole.Kind;

    public TimeSpan Duration => Whole.Duration;

    public int MaxVus => Shard.Share(Whole.MaxVus);

    public bool Empty => Shard.Index >= Carriers;

    public TimeSpan? IntendedStart(long index) => Empty ? null : Whole.IntendedStart(index * Carriers + Shard.Index);

    public long ScheduledIterations(TimeSpan elapsed) =>
        Empty ? 0 : new Shard(Shard.Index, Carriers).Share(Whole.ScheduledIterations(elapsed));

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus) => Sharding.Validate(Whole, Shard, MaxVus, maxVus);

    public string Describe() => Sharding.Describe(Whole, Shard, Empty
        ? $"nothing to do (the run's {ModelText.Number(Whole.MaxVus)} VUs go to other shards)"
        : $"1 in {ModelText.Number(Carriers)} iterations, {ModelText.Number(MaxVus)} of its {ModelText.Number(Whole.MaxVus)} VUs");
}
