namespace Bench.Load.Models;

/// <summary>Closed model: each of <see cref="Vus"/> users runs exactly <see cref="Iterations"/> iterations (k6 per-vu-iterations).</summary>
public sealed record PerVuIterations : IClosedModel
{
    public int Vus { get; init; } = 1;

    public long Iterations { get; init; } = 1;

    /// <summary>Hard stop, so a slow target cannot hold the run forever (k6's maxDuration).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    public string Kind => "per-vu-iterations";

    public TimeSpan Duration => MaxDuration;

    public int MaxVus => Vus;

    public long? IterationsPerVu => Iterations;

    public int TargetVus(TimeSpan elapsed) => Vus;

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        ModelLimits.CheckVus("vus", Vus, problems, maxVus);
        if (Iterations < 1 || Iterations > ModelLimits.MaxIterationsPerVu)
            problems.Add(new("iterations", $"must be in [1, {ModelLimits.MaxIterationsPerVu:N0}] (got {Iterations})"));
        ModelLimits.CheckDuration("maxDuration", MaxDuration, problems);
        return problems;
    }

    public string Describe() =>
        $"{ModelText.Number(Iterations)} iterations on each of {ModelText.Number(Vus)} VUs (at most {ModelText.Duration(MaxDuration)})";
}
