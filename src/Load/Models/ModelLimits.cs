namespace Bench.Load.Models;

/// <summary>Bounds shared by every model, so a typo cannot start an unbounded or absurd run.</summary>
public static class ModelLimits
{
    /// <summary>The machine allows 20,000 open files per process (docs/ARCHITECTURE.md §4); one VU holds one socket.</summary>
    public const int MaxVus = 20_000;

    public const double MaxRate = 1_000_000;

    public const long MaxIterationsPerVu = 100_000_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    internal static void CheckDuration(string field, TimeSpan value, List<ModelProblem> problems)
    {
        if (value <= TimeSpan.Zero || value > MaxDuration)
            problems.Add(new(field, $"must be in (0, {MaxDuration.TotalHours:0}h] (got {ModelText.Duration(value)})"));
    }

    internal static void CheckVus(string field, int value, List<ModelProblem> problems, int max = MaxVus)
    {
        if (value < 1 || value > max)
            problems.Add(new(field, $"must be in [1, {max:N0}] (got {value}){(value > max && max == MaxVus ? $": one process holds {MaxVus:N0}; split the run with --processes or --shard" : "")}"));
    }
}
