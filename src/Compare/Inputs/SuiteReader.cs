using Bench.Compare.Model;
using Bench.Load.Metrics;
using Bench.Suites.Results;

namespace Bench.Compare.Inputs;

/// <summary>
/// A suite's results (<see cref="SuiteResults"/>, tool "loadgen-suite"): each cell's run, its server
/// summary, and whether it completed. Repeats of a cell share one name, so they form one sample.
/// </summary>
internal static class SuiteReader
{
    public static void Read(SuiteResults suite, ResultSet into)
    {
        into.AddHost(suite.Environment?.Machine?.Hostname);
        foreach (var cell in suite.Cells)
        {
            string name = WithoutRepeat(cell.Id ?? $"cell {cell.Index}");
            // Skipped cells were never meant to run here (a peer that is not installed): not a failure.
            if (cell.Status == CellStatus.Skipped) continue;
            into.Add(name, MetricIds.CellFailed, cell.Status == CellStatus.Completed ? 0 : 1);
            if (cell.Run is { } run) RunReader.Read(run, name, into);
            if (cell.Server is { } server) into.Add(name, MetricIds.ServerThreads, server.PeakThreads);
            if (IdleConnectionKiB(cell) is { } kib) into.Add(name, MetricIds.KiBPerIdleConnection, kib);
        }
    }

    /// <summary>"io-wait/wsgi-32/users/c100/1" → "io-wait/wsgi-32/users/c100".</summary>
    public static string WithoutRepeat(string id)
    {
        int slash = id.LastIndexOf('/');
        return slash > 0 && id[(slash + 1)..].TrimStart('r').All(char.IsAsciiDigit) ? id[..slash] : id;
    }

    /// <summary>
    /// For cells that only hold connections open: the RSS the tree grew by from its first sample
    /// (before the connections) to its peak, per connection. Other cells' RSS is mostly load, not connections.
    /// </summary>
    private static double? IdleConnectionKiB(CellResult cell)
    {
        // The hold scenario's kind and its results' stream kind are both its layout's prefix.
        bool hold = cell.Scenario?.Kind == HoldLayout.Prefix || cell.Run?.Stream?.Kind == HoldLayout.Prefix;
        int connections = cell.Connections ?? 0;
        if (!hold || connections <= 0 || cell.Samples.Count == 0 || cell.Server is not { } server) return null;
        long start = cell.Samples[0].RssBytes;
        return server.PeakRssBytes >= start ? (server.PeakRssBytes - start) / 1024.0 / connections : null;
    }
}
