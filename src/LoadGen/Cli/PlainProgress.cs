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
        var point = snapshot.Series[^1];
        if (point.ElapsedSeconds - _lastPrinted < every.TotalSeconds - 0.05) return;
        _lastPrinted = point.ElapsedSeconds;
        output.WriteLine(ProgressLine.Format(snapshot, _total));
    }
}
