using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>Progress for logs and CI: one line every few seconds instead of a redrawn table.</summary>
public sealed class PlainProgress(TextWriter output, TimeSpan every) : IRunObserver
{
    private TimeSpan _total;
    private double _lastPrinted;

    public void OnPhase(string phase, TimeSpan duration)
    {
        _total = duration;
        output.WriteLine($"{phase} for {ModelText.Duration(duration)}");
    }

    public void OnSample(RunResult snapshot)
    {
        // A mixed run's top level carries no series (its parts do): its elapsed time is in the totals.
        double elapsed = snapshot.Series.Count > 0 ? snapshot.Series[^1].ElapsedSeconds : snapshot.Totals.DurationSeconds;
        if (elapsed - _lastPrinted < every.TotalSeconds - 0.05) return;
        _lastPrinted = elapsed;
        output.WriteLine(ProgressLine.Format(snapshot, _total));
    }
}
