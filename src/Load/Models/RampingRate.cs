namespace Bench.Load.Models;

/// <summary>
/// Open model whose arrival rate moves linearly from <see cref="StartRate"/> through each stage's
/// target (k6 ramping-arrival-rate). Intended start times invert the integral of the rate, so
/// iterations are spaced exactly as the ramp says, not rounded to whole seconds.
/// </summary>
public sealed record RampingRate : IOpenModel
{
    public double StartRate { get; init; }

    public IReadOnlyList<Stage> Stages { get; init; } = [];

    public int Vus { get; init; } = 10;

    public string Kind => "ramping-rate";

    public TimeSpan Duration => Stage.Total(Stages);

    public int MaxVus => Vus;

    public TimeSpan? IntendedStart(long index)
    {
        // Find the stage in which the cumulative count passes `index`, then solve
        // n(t) = r0*t + (r1-r0)*t^2/(2d) for t within it.
        double remaining = index;
        double from = StartRate;
        var offset = TimeSpan.Zero;
        foreach (var s in Stages)
        {
            double d = s.Duration.TotalSeconds;
            double inStage = (from + s.Target) / 2 * d;
            if (remaining < inStage)
            {
                double t = SolveWithinStage(from, s.Target, d, remaining);
                return offset + TimeSpan.FromTicks((long)(t * TimeSpan.TicksPerSecond));
            }
            remaining -= inStage;
            offset += s.Duration;
            from = s.Target;
        }
        return null;
    }

    public long ScheduledIterations(TimeSpan elapsed)
    {
        double count = 0;
        double from = StartRate;
        foreach (var s in Stages)
        {
            double d = s.Duration.TotalSeconds;
            double t = Math.Min(elapsed.TotalSeconds, d);
            if (t <= 0) break;
            count += from * t + (s.Target - from) * t * t / (2 * d);
            elapsed -= s.Duration;
            from = s.Target;
        }
        return (long)Math.Ceiling(count - 1e-9);
    }

    private static double SolveWithinStage(double r0, double r1, double d, double n)
    {
        double a = (r1 - r0) / (2 * d);
        if (Math.Abs(a) < 1e-12) return n / r0;
        // a*t^2 + r0*t - n = 0; the root in [0, d] is the smaller non-negative one.
        double disc = r0 * r0 + 4 * a * n;
        return (-r0 + Math.Sqrt(Math.Max(0, disc))) / (2 * a);
    }

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        if (!(StartRate >= 0 && StartRate <= ModelLimits.MaxRate))
            problems.Add(new("startRate", $"must be in [0, {ModelLimits.MaxRate:N0}] iterations/s (got {StartRate})"));
        Stage.ValidateAll(Stages, ModelLimits.MaxRate, " req/s", problems);
        ModelLimits.CheckVus("vus", Vus, problems, maxVus);
        return problems;
    }

    public string Describe() =>
        $"ramping rate from {ModelText.Number(StartRate)} req/s: {Stage.DescribeAll(Stages, " req/s")} (up to {ModelText.Number(Vus)} VUs)";
}
