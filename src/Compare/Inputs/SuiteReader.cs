using System.Text.Json;
using Bench.Compare.Model;

namespace Bench.Compare.Inputs;

/// <summary>
/// A suite's results.json (tool "loadgen-suite"): each cell's run, its server summary, and
/// whether it completed. Repeats of a cell share one name, so they form one sample.
/// </summary>
internal static class SuiteReader
{
    public static void Read(JsonElement suite, ResultSet into)
    {
        into.AddHost(suite.Path("environment", "machine", "hostname").String());
        foreach (var cell in suite.Get("cells").Items())
        {
            string id = cell.Get("id").String() ?? $"cell {cell.Get("index").Number()}";
            string name = WithoutRepeat(id);
            string status = cell.Get("status").String() ?? "";
            // Skipped cells were never meant to run here (a peer that is not installed): not a failure.
            if (status == "skipped") continue;
            into.Add(name, MetricIds.CellFailed, status == "completed" ? 0 : 1);
            if (cell.Get("run") is { ValueKind: JsonValueKind.Object } run) RunReader.Read(run, name, into);
            if (cell.Path("server", "peakThreads").Number() is { } threads) into.Add(name, MetricIds.ServerThreads, threads);
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
    private static double? IdleConnectionKiB(JsonElement cell)
    {
        bool hold = cell.Path("scenario", "kind").String() == "hold" || cell.Path("run", "stream", "kind").String() == "hold";
        double connections = cell.Get("connections").Number() ?? 0;
        var first = cell.Get("samples").Items().FirstOrDefault();
        if (!hold || connections <= 0 || first.ValueKind != JsonValueKind.Object) return null;
        double? peak = cell.Path("server", "peakRssBytes").Number();
        double? start = first.Get("rssBytes").Number();
        return peak is { } p && start is { } s && p >= s ? (p - s) / 1024 / connections : null;
    }
}
