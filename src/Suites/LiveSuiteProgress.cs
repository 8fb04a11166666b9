using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Spectre.Console;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// Suite progress on an interactive terminal: one live table whose rows are the suite (cell i of
/// N, elapsed, estimate left), the running cell and its engine figures, and the finished cells.
/// Spectre allows one live display at a time, so the engine's view nests here as a row rather
/// than as its own display; all updates come from the runner's one loop.
/// </summary>
public sealed class LiveSuiteProgress : ISuiteProgress, IRunObserver
{
    private const int RecentCells = 8;
    private readonly Table _table = new Table().Border(TableBorder.Rounded).AddColumns("", "");
    private readonly Queue<string> _recent = new();
    private LiveDisplayContext? _context;
    private TimeSpan _phaseTotal;
    private string _phase = "starting";

    public LiveSuiteProgress(string title)
    {
        _table.Title(Markup.Escape(title)).HideHeaders();
        _table.AddRow("suite", "starting");
        _table.AddRow("cell", "-");
        _table.AddRow("load", "-");
        _table.AddRow("done", "-");
    }

    public IRunObserver Engine => this;

    public async Task<T> ShowWhileAsync<T>(Func<Task<T>> run)
    {
        T result = default!;
        await AnsiConsole.Live(_table).AutoClear(false).StartAsync(async ctx =>
        {
            _context = ctx;
            result = await run().ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }

    public void CellStarted(SuiteCell cell, int position, int total, TimeSpan elapsed, TimeSpan estimatedLeft)
    {
        _table.UpdateCell(0, 1, Markup.Escape($"cell {position} of {total} · elapsed {ModelText.Duration(Round(elapsed))} · about {ModelText.Duration(Round(estimatedLeft))} left"));
        _table.UpdateCell(1, 1, Markup.Escape($"{cell.Target.Name} · {cell.Scenario.Name} · {cell.Load} · repeat {cell.Repeat}"));
        _table.UpdateCell(2, 1, "starting target");
        _context?.Refresh();
    }

    public void CellFinished(SuiteCell cell, CellResult result)
    {
        _recent.Enqueue($"{cell.Id}: {SuiteText.CellLine(result)}");
        while (_recent.Count > RecentCells) _recent.Dequeue();
        _table.UpdateCell(3, 1, Markup.Escape(string.Join("\n", _recent)));
        _context?.Refresh();
    }

    public void OnPhase(string phase, TimeSpan duration)
    {
        _phase = phase;
        _phaseTotal = duration;
        _table.UpdateCell(2, 1, Markup.Escape($"{phase} for {ModelText.Duration(duration)}"));
        _context?.Refresh();
    }

    public void OnSample(RunResult snapshot)
    {
        _table.UpdateCell(2, 1, Markup.Escape($"{_phase} {ProgressLine.Format(snapshot, _phaseTotal)}"));
        _context?.Refresh();
    }

    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));
}
