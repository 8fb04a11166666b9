namespace Bench.Load.Models;

/// <summary>
/// Closed model for long-lived connections: <see cref="Connections"/> users join at
/// <see cref="RampRate"/> per second (0: all at once) and stay until <see cref="Duration"/> ends.
/// Ramping keeps a burst of handshakes from overflowing the target's accept backlog, which would
/// show up as connect times of whole seconds (SYN retransmits) rather than as the server's cost.
/// </summary>
public sealed record ConnectionRamp : IClosedModel
{
    public const double MaxRampRate = 100_000;

    public int Connections { get; init; } = 100;

    /// <summary>New connections per second; 0 opens them all at once.</summary>
    public double RampRate { get; init; } = 1000;

    /// <summary>From the first connection to the end of the hold, ramp included.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public string Kind => "connections";

    public int MaxVus => Connections;

    public long? IterationsPerVu => null;

    /// <summary>How long the ramp takes; the rest of the duration is the full hold.</summary>
    public TimeSpan RampTime => RampRate > 0 ? TimeSpan.FromSeconds((Connections - 1) / RampRate) : TimeSpan.Zero;

    public int TargetVus(TimeSpan elapsed) =>
        RampRate <= 0 ? Connections : (int)Math.Min(Connections, Math.Floor(elapsed.TotalSeconds * RampRate) + 1);

    public IReadOnlyList<ModelProblem> Validate() => Validate(ModelLimits.MaxVus);

    public IReadOnlyList<ModelProblem> Validate(int maxVus)
    {
        var problems = new List<ModelProblem>();
        ModelLimits.CheckVus("connections", Connections, problems, maxVus);
        ModelLimits.CheckDuration("duration", Duration, problems);
        if (!(RampRate >= 0 && RampRate <= MaxRampRate))
            problems.Add(new("rampRate", $"must be in [0, {MaxRampRate:N0}] connections/s (got {RampRate})"));
        else if (problems.Count == 0 && RampTime >= Duration)
            problems.Add(new("rampRate", $"ramping {Connections:N0} connections at {ModelText.Number(RampRate)}/s takes {ModelText.Duration(RampTime)}, longer than the duration {ModelText.Duration(Duration)}"));
        return problems;
    }

    public string Describe() => RampRate > 0
        ? $"{ModelText.Number(Connections)} connections ramped at {ModelText.Number(RampRate)}/s, held until {ModelText.Duration(Duration)}"
        : $"{ModelText.Number(Connections)} connections at once, held {ModelText.Duration(Duration)}";
}
