namespace Bench.Load.Models;

/// <summary>
/// Open model: <see cref="Rate"/> iterations per second, evenly spaced, for <see cref="Duration"/>
/// (k6 constant-arrival-rate, wrk2 -R). <see cref="Vus"/> is the connection budget that carries them.
/// </summary>
public sealed record ConstantRate : IOpenModel
{
    public double Rate { get; init; } = 100;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int Vus { get; init; } = 10;

    public string Kind => "constant-rate";

    public int MaxVus => Vus;

    public TimeSpan? IntendedStart(long index)
    {
        // Ticks are exact integers; dividing once keeps iteration k from drifting by rounding.
        double ticks = index * (TimeSpan.TicksPerSecond / Rate);
        return ticks < Duration.Ticks ? TimeSpan.FromTicks((long)ticks) : null;
    }

    public long ScheduledIterations(TimeSpan elapsed)
    {
        if (elapsed > Duration) elapsed = Duration;
        // Iteration k is due at k/rate, so those due strictly before `elapsed` number ceil(elapsed*rate).
        return (long)Math.Ceiling(elapsed.TotalSeconds * Rate - 1e-9);
    }

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        if (!(Rate > 0 && Rate <= ModelLimits.MaxRate))
            problems.Add(new("rate", $"must be in (0, {ModelLimits.MaxRate:N0}] iterations/s (got {Rate})"));
        ModelLimits.CheckDuration("duration", Duration, problems);
        ModelLimits.CheckVus("vus", Vus, problems, maxVus);
        return problems;
    }

    public string Describe() =>
        $"{ModelText.Number(Rate)} req/s for {ModelText.Duration(Duration)} (up to {ModelText.Number(Vus)} VUs)";
}
