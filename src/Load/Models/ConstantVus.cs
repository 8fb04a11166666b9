namespace Bench.Load.Models;

/// <summary>Closed model: <see cref="Vus"/> users loop back to back for <see cref="Duration"/> (k6 constant-vus, wrk -c).</summary>
public sealed record ConstantVus : IClosedModel
{
    public int Vus { get; init; } = 10;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public string Kind => "constant-vus";

    public int MaxVus => Vus;

    public long? IterationsPerVu => null;

    public int TargetVus(TimeSpan elapsed) => Vus;

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        ModelLimits.CheckVus("vus", Vus, problems, maxVus);
        ModelLimits.CheckDuration("duration", Duration, problems);
        return problems;
    }

    public string Describe() => $"{ModelText.Number(Vus)} VUs for {ModelText.Duration(Duration)}";
}
