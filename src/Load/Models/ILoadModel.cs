namespace Bench.Load.Models;

/// <summary>
/// A load model in the k6 sense: plain configuration with defaults, every problem reported at
/// once by <see cref="Validate()"/>, and a one-line description for humans. The engine runs
/// <see cref="IClosedModel"/> and <see cref="IOpenModel"/> with different executors.
/// </summary>
public interface ILoadModel
{
    /// <summary>Stable name used on the command line and in results ("constant-vus", ...).</summary>
    string Kind { get; }

    /// <summary>How long iterations may start; graceful stop comes after this.</summary>
    TimeSpan Duration { get; }

    /// <summary>The most virtual users (connections) the model ever needs at once.</summary>
    int MaxVus { get; }

    /// <summary>Every problem at once, with at most <see cref="ModelLimits.MaxVus"/> VUs: what one process holds.</summary>
    IReadOnlyList<ModelProblem> Validate();

    /// <summary>Every problem at once, with at most <paramref name="maxVus"/> VUs (a run cut into shards may hold more than one process can).</summary>
    IReadOnlyList<ModelProblem> Validate(int maxVus);

    string Describe();
}

/// <summary>Closed model: a number of VUs that each start the next iteration as soon as the last ends.</summary>
public interface IClosedModel : ILoadModel
{
    /// <summary>VUs that should be running <paramref name="elapsed"/> into the phase.</summary>
    int TargetVus(TimeSpan elapsed);

    /// <summary>Iterations each VU runs before it stops, or null for "until the duration ends".</summary>
    long? IterationsPerVu { get; }
}

/// <summary>
/// Open model: iterations arrive on a schedule that does not wait for responses. Iteration k
/// is intended to start at <see cref="IntendedStart"/>(k); latency is measured from then.
/// </summary>
public interface IOpenModel : ILoadModel
{
    /// <summary>Offset from the phase start at which iteration <paramref name="index"/> is due, or null past the end.</summary>
    TimeSpan? IntendedStart(long index);

    /// <summary>Iterations due within the whole duration, used to count the ones that never started.</summary>
    long ScheduledIterations(TimeSpan elapsed);
}

/// <summary>One validation problem, naming the field and the allowed range.</summary>
public readonly record struct ModelProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
