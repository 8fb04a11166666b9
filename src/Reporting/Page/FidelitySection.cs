using System.Globalization;
using Bench.Suites.Claims;
using Bench.Reporting.Charts;
using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>
/// "Do the twins behave like the real servers?": per twin/peer pair, the sentences of
/// <see cref="Fidelity"/> (where the shapes agree, where they differ), both curves overlaid
/// (throughput vs concurrency, streams held vs asked) and every shared cell with both figures
/// and twin ÷ peer. Written only when the run has a pair.
/// </summary>
public static class FidelitySection
{
    public const string Anchor = "fidelity";

    public static void Write(StringWriter w, ReportRun run)
    {
        if (run.Fidelity.Pairs.Count == 0) return;
        w.WriteLine($"<section id=\"{Anchor}\"><h2>Fidelity: the twins against the servers they model</h2>");
        w.WriteLine("<p class=\"note\">Each twin runs with <code>--gil</code> beside its real peer on the same cells, one after the other. "
            + "Ratio is twin ÷ peer. Expected is what the model predicts: min(connections, threads) ÷ wait for a thread pool, "
            + $"connections ÷ wait for an event loop, every stream asked for. Figures within ×{Fidelity.SameBand:0.##} of each other count as matching.</p>");
        for (int i = 0; i < run.Fidelity.Pairs.Count; i++) Pair(w, run, run.Fidelity.Pairs[i], i + 1);
        w.WriteLine("</section>");
    }

    private static void Pair(StringWriter w, ReportRun run, FidelityPair pair, int n)
    {
        w.WriteLine($"<h3 id=\"{Anchor}-{n}\">{Html.Text(pair.Title)} ({Html.Text(pair.Model)})</h3>");
        Sentences(w, "Where the shapes agree", pair.Agree);
        Sentences(w, "Where they differ", pair.Differ);
        Sentences(w, "Not compared", pair.NotCompared);

        var ids = pair.Rows.SelectMany(r => new[] { r.TwinCellId, r.PeerCellId }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var cells = run.Cells.Where(c => ids.Contains(c.Id)).ToList();
        var charts = new List<ChartImage>();
        var io = ScenarioCells(pair, cells, FidelityMeasures.Throughput, _ => true);
        if (io.Count > 0) charts.Add(ThroughputChart.Render($"{Anchor}-{n}-throughput", io));
        var sse = ScenarioCells(pair, cells, FidelityMeasures.Held, k => k == "sse");
        if (sse.Count > 0) charts.Add(HeldVsRequestedChart.Render($"{Anchor}-{n}-sse", "SSE streams held", sse, MetricKeys.SseRequested, MetricKeys.SseHeld));
        var ws = ScenarioCells(pair, cells, FidelityMeasures.Held, k => k.StartsWith("ws", StringComparison.Ordinal));
        if (ws.Count > 0) charts.Add(HeldVsRequestedChart.Render($"{Anchor}-{n}-ws", "WebSockets held", ws, MetricKeys.WsRequested, MetricKeys.WsHeld));
        if (charts.Count > 0)
        {
            w.WriteLine("<div class=\"charts\">");
            foreach (var chart in charts)
                w.WriteLine($"<figure id=\"fig-{Html.Attr(chart.Id)}\" data-measured=\"{(chart.HasData ? "yes" : "no")}\">{chart.Svg}</figure>");
            w.WriteLine("</div>");
        }
        Table(w, pair);
    }

    private static List<ReportCell> ScenarioCells(FidelityPair pair, List<ReportCell> cells, string measure, Func<string, bool> kind)
    {
        var scenarios = pair.Rows.Where(r => r.Measure == measure && kind(r.ScenarioKind)).Select(r => r.Scenario).ToHashSet(StringComparer.Ordinal);
        return cells.Where(c => c.Result is not null && scenarios.Contains(c.Scenario)).ToList();
    }

    private static void Sentences(StringWriter w, string title, IReadOnlyList<string> sentences)
    {
        if (sentences.Count == 0) return;
        w.WriteLine($"<p><b>{Html.Text(title)}:</b></p><ul>");
        foreach (var s in sentences) w.WriteLine($"<li>{Html.Text(s)}</li>");
        w.WriteLine("</ul>");
    }

    private static void Table(StringWriter w, FidelityPair pair)
    {
        w.WriteLine("<div class=\"wide\"><table class=\"fidelity\"><thead><tr><th>scenario</th><th>connections</th><th>measure</th>"
            + $"<th>{Html.Text(pair.Twin.Name)}</th><th>{Html.Text(pair.Peer.Name)}</th><th>twin ÷ peer</th><th>expected</th><th>note</th></tr></thead><tbody>");
        foreach (var r in pair.Rows)
        {
            string unit = r.Measure == FidelityMeasures.Throughput ? " req/s" : "";
            w.WriteLine($"<tr><td>{Html.Text(r.Scenario)}</td><td class=\"num\">{r.Connections.ToString("N0", CultureInfo.InvariantCulture)}</td><td>{Html.Text(r.Measure)}</td>"
                + $"<td class=\"num\">{Num(r.Twin, unit)}</td><td class=\"num\">{Num(r.Peer, unit)}</td>"
                + $"<td class=\"num\">{(r.Ratio is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–")}</td>"
                + $"<td class=\"num\">{Num(r.Expected, unit)}</td><td>{Html.Text(r.Note ?? "")}</td></tr>");
        }
        w.WriteLine("</tbody></table></div>");
    }

    private static string Num(double? v, string unit) => v is { } x ? Html.Text(x.ToString("N0", CultureInfo.InvariantCulture) + unit) : "–";
}
