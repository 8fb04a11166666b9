using Bench.Reporting.Charts;
using Bench.Reporting.Model;

namespace Bench.Reporting;

/// <summary>
/// Decides which charts a section gets. Each claim of docs/CLAIMS.md has the charts its argument
/// needs, drawn even when empty ("not measured in this run": a missing figure must look missing);
/// any other data the cells carry adds its chart on top.
/// </summary>
public static class ChartPlan
{
    private enum Kind { Throughput, Latency, Spectrum, Capacity, TimeSeries, ServerOverTime, ServerVsConnections, Sse, WebSocket, Collateral, StatusCodes }

    private static readonly IReadOnlyDictionary<int, Kind[]> Expected = new Dictionary<int, Kind[]>
    {
        [1] = [Kind.ServerVsConnections, Kind.ServerOverTime],
        [2] = [Kind.Throughput, Kind.Latency, Kind.Spectrum],
        [3] = [Kind.Throughput, Kind.Latency, Kind.Spectrum],
        [4] = [Kind.WebSocket],
        [5] = [Kind.Sse, Kind.Collateral],
        [6] = [Kind.Throughput, Kind.Spectrum],
        [7] = [Kind.Latency, Kind.Spectrum, Kind.TimeSeries],
    };

    /// <summary>Chart factories, not charts: the generator renders them in parallel.</summary>
    public static IReadOnlyList<Func<IReadOnlyList<ChartImage>>> For(string prefix, ReportClaim? claim, IReadOnlyList<ReportCell> cells)
    {
        var kinds = new List<Kind>();
        if (claim is not null && int.TryParse(claim.Id, out int n) && Expected.TryGetValue(n, out var expected)) kinds.AddRange(expected);
        foreach (var kind in Present(cells, inClaim: claim is not null)) if (!kinds.Contains(kind)) kinds.Add(kind);
        return kinds.Select(k => Factory(k, prefix, cells)).ToList();
    }

    /// <param name="inClaim">
    /// In a claim's section, per-second views (time series, server over time) appear only where
    /// the claim's argument needs them: three of each in all seven sections would double the
    /// chart count (and the report time) without deciding anything.
    /// </param>
    private static IEnumerable<Kind> Present(IReadOnlyList<ReportCell> cells, bool inClaim)
    {
        var measured = cells.Where(c => c.Result is not null).ToList();
        bool connectionSweep = measured.Where(c => c.Connections is not null).Select(c => c.Connections).Distinct().Count() > 1;
        if (connectionSweep) { yield return Kind.Throughput; yield return Kind.Latency; }
        if (measured.Where(c => c.OfferedRate is not null).Select(c => c.OfferedRate).Distinct().Count() > 1) yield return Kind.Capacity;
        if (measured.Any(c => c.Result!.Latency.Latency.Count > 0)) yield return Kind.Spectrum;
        if (measured.Any(c => c.Metrics.ContainsKey(MetricKeys.SseHeld) || c.Result!.Histograms.ContainsKey(MetricKeys.SseLagHistogram))) yield return Kind.Sse;
        if (measured.Any(c => c.Metrics.ContainsKey(MetricKeys.WsHeld) || c.Result!.Histograms.ContainsKey(MetricKeys.WsRttHistogram))) yield return Kind.WebSocket;
        if (measured.Any(c => c.Metrics.ContainsKey(MetricKeys.StreamsHeld))) yield return Kind.Collateral;
        if (cells.Any(c => c.Samples.Count > 0))
        {
            if (!inClaim) yield return Kind.ServerOverTime;
            if (connectionSweep) yield return Kind.ServerVsConnections;
        }
        if (!inClaim && measured.Any(c => c.Result!.Series.Count > 0)) yield return Kind.TimeSeries;
        if (measured.Any(c => c.Result!.Totals.Failed > 0 || c.Result.Totals.StatusCodes.Keys.Any(k => !k.StartsWith('2')))) yield return Kind.StatusCodes;
    }

    private static Func<IReadOnlyList<ChartImage>> Factory(Kind kind, string p, IReadOnlyList<ReportCell> cells) => kind switch
    {
        Kind.Throughput => () => [ThroughputChart.Render($"{p}-throughput", cells)],
        Kind.Latency => () => [LatencyVsConcurrencyChart.Render($"{p}-latency", cells)],
        Kind.Spectrum => () => [PercentileSpectrumChart.Render($"{p}-spectrum", cells)],
        Kind.Capacity => () => [CapacityCurveChart.Render($"{p}-capacity", cells)],
        // The heaviest cell per target: where a stall or a queue shows most.
        Kind.TimeSeries => () => CellSeries.Heaviest(cells, c => c.Result?.Series.Count > 0).Take(3)
            .Select((c, i) => TimeSeriesChart.Render($"{p}-timeline-{i + 1}", c)).DefaultIfEmpty(TimeSeriesChart.Render($"{p}-timeline-1", null)).ToList(),
        Kind.ServerOverTime => () => ServerMetric.All.Select(m => ServerOverTimeChart.Render($"{p}-server-{m.Key}-time", cells, m)).ToList(),
        Kind.ServerVsConnections => () => ServerMetric.All.Select(m => ServerVsConnectionsChart.Render($"{p}-server-{m.Key}-conn", cells, m)).ToList(),
        Kind.Sse => () => SsePanel.Render(p, cells),
        Kind.WebSocket => () => WebSocketPanel.Render(p, cells),
        Kind.Collateral => () => [CollateralDamageChart.Render($"{p}-collateral", cells)],
        Kind.StatusCodes => () => [StatusCodesChart.Render($"{p}-status", cells)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
