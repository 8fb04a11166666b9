namespace Bench.Load.Models;

/// <summary>A ramp to <see cref="Target"/> (VUs or iterations per second) over <see cref="Duration"/>, as k6 stages.</summary>
public readonly record struct Stage(TimeSpan Duration, double Target)
{
    internal static void ValidateAll(IReadOnlyList<Stage> stages, double maxTarget, string unit, List<ModelProblem> problems)
    {
        if (stages.Count == 0)
        {
            problems.Add(new("stages", "needs at least one stage (e.g. 10s:100,30s:100)"));
            return;
        }
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            if (s.Duration <= TimeSpan.Zero || s.Duration > ModelLimits.MaxDuration)
                problems.Add(new($"stages[{i}].duration", $"must be in (0, {ModelLimits.MaxDuration.TotalHours:0}h] (got {s.Duration})"));
            if (!(s.Target >= 0 && s.Target <= maxTarget))
                problems.Add(new($"stages[{i}].target", $"must be in [0, {maxTarget:N0}] {unit} (got {s.Target})"));
        }
    }

    internal static TimeSpan Total(IReadOnlyList<Stage> stages)
    {
        var total = TimeSpan.Zero;
        foreach (var s in stages) total += s.Duration;
        return total;
    }

    internal static string DescribeAll(IReadOnlyList<Stage> stages, string unit) =>
        string.Join(", ", stages.Select(s => $"{s.Target:N0}{unit} over {ModelText.Duration(s.Duration)}"));
}
