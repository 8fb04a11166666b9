using Bench.Load.Engine;
using Bench.Suites.Results;
using Bench.Load.Results;

namespace Bench.Suites;

/// <summary>Where a suite is: cell i of N, target, scenario, elapsed and what is left. The engine's own progress nests inside.</summary>
public interface ISuiteProgress
{
    /// <summary>Receives the running cell's engine events (per-second samples).</summary>
    IRunObserver Engine { get; }

    /// <param name="position">1-based position among the cells that run.</param>
    void CellStarted(SuiteCell cell, int position, int total, TimeSpan elapsed, TimeSpan estimatedLeft);

    void CellFinished(SuiteCell cell, CellResult result);

    /// <summary>A line about the run itself (a calibration before the first cell).</summary>
    void Note(string line) { }
}

/// <summary>For tests and callers that want no display.</summary>
public sealed class SilentSuiteProgress : ISuiteProgress
{
    private sealed class NoObserver : IRunObserver;

    public IRunObserver Engine { get; } = new NoObserver();

    public void CellStarted(SuiteCell cell, int position, int total, TimeSpan elapsed, TimeSpan estimatedLeft) { }

    public void CellFinished(SuiteCell cell, CellResult result) { }
}
