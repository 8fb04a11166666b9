using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>Suite progress for logs and CI: a line when a cell starts, its engine line every few seconds, a line when it ends.</summary>
public sealed class PlainSuiteProgress(TextWriter output) : ISuiteProgress
{
    private readonly EngineLines _engine = new(output);

    public IRunObserver Engine => _engine;

    public void CellStarted(SuiteCell cell, int position, int total, TimeSpan elapsed, TimeSpan estimatedLeft) =>
        output.WriteLine($"[{position}/{total}] {cell.Target.Name} · {cell.Scenario.Name} · {cell.Load} · repeat {cell.Repeat}  " +
            $"(elapsed {ModelText.Duration(Round(elapsed))}, about {ModelText.Duration(Round(estimatedLeft))} left)");

    public void CellFinished(SuiteCell cell, CellResult result) => output.WriteLine("      " + SuiteText.CellLine(result));

    public void Note(string line) => output.WriteLine(line);

    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));

    private sealed class EngineLines(TextWriter output) : IRunObserver
    {
        private TimeSpan _total;

        public void OnPhase(string phase, TimeSpan duration) => _total = duration;

        public void OnSample(RunResult snapshot)
        {
            // Every 5 s is enough for a log; the live view shows every second.
            if (snapshot.Series.Count % 5 == 0) output.WriteLine("      " + ProgressLine.Format(snapshot, _total));
        }
    }
}
