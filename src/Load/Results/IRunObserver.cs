
namespace Bench.Load.Results;

/// <summary>Receives a run's progress: the console display and the results file writer both listen here.</summary>
public interface IRunObserver
{
    /// <summary>"warmup" or "measure" is starting and will last <paramref name="duration"/>.</summary>
    void OnPhase(string phase, TimeSpan duration) { }

    /// <summary>Once per second of the measured phase, a complete snapshot with status "running".</summary>
    void OnSample(RunResult snapshot) { }

    void OnCompleted(RunResult result) { }
}

/// <summary>Fans one run's events out to several observers.</summary>
public sealed class CompositeObserver(params IRunObserver[] observers) : IRunObserver
{
    public void OnPhase(string phase, TimeSpan duration)
    {
        foreach (var o in observers) o.OnPhase(phase, duration);
    }

    public void OnSample(RunResult snapshot)
    {
        foreach (var o in observers) o.OnSample(snapshot);
    }

    public void OnCompleted(RunResult result)
    {
        foreach (var o in observers) o.OnCompleted(result);
    }
}
