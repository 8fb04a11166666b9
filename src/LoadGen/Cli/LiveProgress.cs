using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Spectre.Console;

namespace Bench.LoadGen.Cli;

/// <summary>
/// Live table on an interactive terminal. Spectre's live display is not thread-safe, so the
/// table is only changed from the runner's sampling loop, which calls one observer at a time.
/// </summary>
public sealed class LiveProgress : IRunObserver
{
    private readonly Table _table = new Table().Border(TableBorder.Rounded)
        .AddColumns("phase", "elapsed", "rate", "p50", "p99", "errors", "VUs", "dropped");
    private LiveDisplayContext? _context;
    private TimeSpan _total;
    private string _phase = "starting";

    public LiveProgress(string title)
    {
        _table.Title(Markup.Escape(title));
        _table.AddRow(_phase, "-", "-", "-", "-", "-", "-", "-");
    }

    /// <summary>Runs <paramref name="run"/> while the table is on screen.</summary>
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

    public void OnPhase(string phase, TimeSpan duration)
    {
        _phase = phase;
        _total = duration;
        _table.UpdateCell(0, 0, phase);
        _table.UpdateCell(0, 1, $"0s/{ModelText.Duration(duration)}");
        _context?.Refresh();
    }

    public void OnSample(RunResult s)
    {
        var p = s.Series[^1];
        _table.UpdateCell(0, 0, _phase);
        _table.UpdateCell(0, 1, $"{p.ElapsedSeconds:0}s/{_total.TotalSeconds:0}s");
        _table.UpdateCell(0, 2, $"{p.Rate:N0}/s");
        _table.UpdateCell(0, 3, ProgressLine.Ms(p.P50));
        _table.UpdateCell(0, 4, ProgressLine.Ms(p.P99));
        _table.UpdateCell(0, 5, s.Totals.Failed == 0 ? "0" : $"[red]{s.Totals.Failed:N0} ({s.Totals.ErrorRate:P2})[/]");
        _table.UpdateCell(0, 6, $"{p.ActiveVus:N0}");
        _table.UpdateCell(0, 7, $"{s.Totals.Dropped:N0}");
        _context?.Refresh();
    }

    public void OnCompleted(RunResult result)
    {
        _table.UpdateCell(0, 0, result.Status);
        _context?.Refresh();
    }
}
