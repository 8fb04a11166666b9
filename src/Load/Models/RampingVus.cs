namespace Bench.Load.Models;

/// <summary>
/// Closed model whose VU count moves linearly from <see cref="StartVus"/> through each stage's
/// target (k6 ramping-vus). VUs above the current target finish their iteration, then stop.
/// </summary>
public sealed record RampingVus : IClosedModel
{
    public int StartVus { get; init; }

    public IReadOnlyList<Stage> Stages { get; init; } = [];

    public string Kind => "ramping-vus";

    public TimeSpan Duration => Stage.Total(Stages);

    public int MaxVus => (int)Math.Ceiling(Stages.Select(s => s.Target).Append(StartVus).Max());

    public long? IterationsPerVu => null;

    public int TargetVus(TimeSpan elapsed)
    {
        double from = StartVus;
        foreach (var s in Stages)
        {
            if (elapsed < s.Duration)
                return (int)Math.Round(from + (s.Target - from) * (elapsed / s.Duration));
            elapsed -= s.Duration;
            from = s.Target;
        }
        return (int)Math.Round(from);
    }

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        if (StartVus < 0 || StartVus > maxVus)
            problems.Add(new("startVus", $"must be in [0, {maxVus:N0}] (got {StartVus})"));
        Stage.ValidateAll(Stages, maxVus, " VUs", problems);
        if (problems.Count == 0 && MaxVus < 1)
            problems.Add(new("stages", "at least one stage must target 1 VU or more"));
        return problems;
    }

    public string Describe() =>
        $"ramping VUs from {ModelText.Number(StartVus)}: {Stage.DescribeAll(Stages, " VUs")}";
}
