using System.Globalization;
using System.Text;
using Bench.Compare.History;
using Bench.Compare.Model;
using Bench.Compare.Rendering;
using Bench.Reporting.Charts;
using Bench.Reporting.Page;

namespace Bench.Reporting.Compare;

/// <summary>
/// compare.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) that a
/// CI artifact opens offline. The verdict first — banner, tiers, every gated row — then, per
/// timed cell, base and head overlaid: the latency spectrum of all trials and throughput trial by
/// trial; then, with a history, one trend chart per gated metric with its change points marked.
/// </summary>
public static class ComparePage
{
    public static string Render(ComparisonReport report, IReadOnlyList<MetricSeries>? trends)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<title>Performance comparison</title><style>").AppendLine(PageStyles.Css).AppendLine(Css).AppendLine("</style></head><body><main>");
        html.AppendLine("<h1>Performance comparison</h1>");
        html.AppendLine($"<p class=\"banner o-{report.Outcome.ToString().ToLowerInvariant()}\">{Html.Text(RowText.Banner(report))} <span class=\"note\">(exit {report.ExitCode})</span></p>");
        if (RowText.TimingWarning(report) is { } warning) html.AppendLine($"<p class=\"warning\">Warning: {Html.Text(warning)}</p>");
        html.AppendLine("<div class=\"meta\"><dl>");
        html.AppendLine($"<dt>base</dt><dd>{Html.Text(report.BasePath)}</dd><dt>head</dt><dd>{Html.Text(report.HeadPath)}</dd><dt>timing</dt><dd>{Html.Text(report.SameJobReason)}</dd>");
        html.AppendLine("</dl></div>");
        Tiers(html, report);
        Verdicts(html, report);
        Cells(html, report);
        if (trends is not null) Trends(html, trends);
        if (report.Notes.Count > 0)
        {
            html.AppendLine("<h2>Notes</h2><ul>");
            foreach (var note in report.Notes) html.AppendLine($"<li>{Html.Text(note)}</li>");
            html.AppendLine("</ul>");
        }
        html.AppendLine("</main></body></html>");
        return html.ToString();
    }

    private const string Css = """
        .banner { font-size: 18px; font-weight: 600; padding: 8px 12px; border-radius: 6px; color: #fff; }
        .banner .note { color: #fff; opacity: 0.8; font-weight: 400; }
        .o-pass { background: #1a7f37; } .o-regression { background: #cf222e; } .o-inconclusive { background: #9a6700; }
        .warning { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; border-radius: 6px; }
        .v-same, .v-faster { background: #1a7f37; } .v-slower, .v-fail { background: #cf222e; } .v-inconclusive { background: #9a6700; } .v-trend { background: #6e7781; }
        """;

    private static void Tiers(StringBuilder html, ComparisonReport report)
    {
        html.AppendLine("<table class=\"tiers\"><thead><tr><th>tier</th><th>status</th><th>gated</th><th>failed</th><th>inconclusive</th><th>info</th></tr></thead><tbody>");
        foreach (var t in report.Tiers)
            html.AppendLine($"<tr><td>{(int)t.Tier} {MarkdownRenderer.TierName(t.Tier)}</td><td>{Html.Text(t.Status)}</td><td class=\"num\">{t.Gated}</td><td class=\"num\">{t.Regressions}</td><td class=\"num\">{t.Inconclusive}</td><td class=\"num\">{t.Informational}</td></tr>");
        html.AppendLine("</tbody></table>");
    }

    private static void Verdicts(StringBuilder html, ComparisonReport report)
    {
        var rows = report.Rows.Where(r => r.Gated).OrderByDescending(r => r.IsRegression).ThenBy(r => r.Verdict != Verdict.Inconclusive).ToList();
        html.AppendLine($"<h2>Gated metrics ({rows.Count})</h2><div class=\"wide\"><table class=\"verdicts\"><thead><tr>");
        foreach (var header in RowText.Headers) html.Append($"<th>{Html.Text(header)}</th>");
        html.AppendLine("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var cells = RowText.Cells(row);
            html.Append("<tr>");
            for (int i = 0; i < cells.Length; i++)
            {
                html.Append(i switch
                {
                    6 => $"<td class=\"verdict\"><span class=\"badge v-{VerdictText.Of(row.Verdict)}\">{Html.Text(cells[i])}</span></td>",
                    3 or 4 or 5 => $"<td class=\"num\">{Html.Text(cells[i])}</td>",
                    _ => $"<td>{Html.Text(cells[i])}</td>",
                });
            }
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table></div>");
    }

    /// <summary>Per timed cell: both sides' spectra (when the trial files carry histograms) and throughput by trial.</summary>
    private static void Cells(StringBuilder html, ComparisonReport report)
    {
        var timed = report.Rows.Where(r => r.Tier == Tier.Timing && r.Metric.Id == MetricIds.Throughput && r.Base is { N: > 1 } && r.Head is { N: > 1 }).ToList();
        if (timed.Count == 0) return;
        var baseHistograms = TrialHistograms.Read(report.BasePath);
        var headHistograms = TrialHistograms.Read(report.HeadPath);
        html.AppendLine("<h2>Base and head, cell by cell</h2>");
        int n = 0;
        foreach (var row in timed)
        {
            n++;
            html.AppendLine($"<h3>{Html.Text(row.Cell)}</h3><div class=\"charts\">");
            var spectrum = new LinePlot { Id = $"spectrum-{n}", Title = $"{row.Cell}: latency by percentile", XLabel = "percentile", YLabel = "latency (ms)", LogX = false, Markers = false };
            int top = 1;
            foreach (var (side, histograms) in new[] { ("base", baseHistograms), ("head", headHistograms) })
            {
                if (!histograms.TryGetValue(row.Cell, out var h) || h.TotalCount == 0) continue;
                var (xs, ys) = PercentileSpectrumChart.Spectrum(h);
                if (xs.Length == 0) continue;
                top = Math.Max(top, (int)Math.Ceiling(xs[^1]));
                spectrum.Add(side, xs, ys, colorKey: side);
            }
            top = Math.Min(top, 6);
            Figure(html, spectrum.Render((plot, _, _) =>
            {
                string[] labels = ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"];
                plot.Axes.Bottom.SetTicks(Enumerable.Range(0, top + 1).Select(i => (double)i).ToArray(), labels[..(top + 1)]);
            }));
            var throughput = new LinePlot { Id = $"throughput-{n}", Title = $"{row.Cell}: throughput by trial", XLabel = "trial", YLabel = "requests/s", LogY = false, LogX = false };
            throughput.Add($"base (median {row.Metric.Format(row.Base!.Median)})", Trials(row.Base!), row.Base!.Values.ToArray(), colorKey: "base");
            throughput.Add($"head (median {row.Metric.Format(row.Head!.Median)})", Trials(row.Head!), row.Head!.Values.ToArray(), colorKey: "head");
            Figure(html, throughput.Render());
            html.AppendLine("</div>");
        }
    }

    /// <summary>One chart per gated metric of the history, change points as vertical lines at the first commit of the new level.</summary>
    private static void Trends(StringBuilder html, IReadOnlyList<MetricSeries> trends)
    {
        var catalog = new MetricCatalog(new GateOptions());
        var gated = trends.Where(s => catalog.Get(s.Metric).Gated && s.Points.Count > 1).ToList();
        int changes = gated.Sum(s => s.Changes.Count);
        html.AppendLine($"<h2>History ({gated.Count} gated series, {changes} change point(s))</h2>");
        if (changes > 0)
        {
            html.AppendLine("<table class=\"changes\"><thead><tr><th>commit</th><th>cell</th><th>metric</th><th>before</th><th>after</th><th>shift</th><th>p</th></tr></thead><tbody>");
            foreach (var c in gated.SelectMany(s => s.Changes))
                html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<tr><td><code>{Html.Text(c.Commit)}</code></td><td>{Html.Text(c.Cell)}</td><td>{Html.Text(c.Metric)}</td><td class=\"num\">{c.Before:G4}</td><td class=\"num\">{c.After:G4}</td><td class=\"num\">{Html.Text(ChangePointRenderer.Signed(c.Shift))}</td><td class=\"num\">{c.PValue:0.000}</td></tr>"));
            html.AppendLine("</tbody></table>");
        }
        html.AppendLine("<div class=\"charts\">");
        int n = 0;
        foreach (var series in gated)
        {
            n++;
            var metric = catalog.Get(series.Metric);
            var chart = new LinePlot { Id = $"trend-{n}", Title = $"{series.Cell}: {metric.Label}", XLabel = "commit (oldest first)", YLabel = metric.Unit, LogX = false, LogY = false };
            chart.Add(metric.Label, Enumerable.Range(1, series.Points.Count).Select(i => (double)i).ToArray(), series.Points.Select(p => p.Value).ToArray());
            Figure(html, chart.Render((plot, tx, _) =>
            {
                foreach (var change in series.Changes)
                {
                    var line = plot.Add.VerticalLine(tx(change.Index + 1));
                    line.LineColor = ScottPlot.Colors.Red;
                    line.LinePattern = ScottPlot.LinePattern.Dashed;
                    line.LegendText = $"change {ChangePointRenderer.Signed(change.Shift)} at {(change.Commit.Length > 8 ? change.Commit[..8] : change.Commit)}";
                }
            }));
        }
        html.AppendLine("</div>");
    }

    private static double[] Trials(Bench.Compare.Statistics.SampleSummary sample) => Enumerable.Range(1, sample.N).Select(i => (double)i).ToArray();

    private static void Figure(StringBuilder html, ChartImage chart) =>
        html.AppendLine($"<figure id=\"fig-{Html.Attr(chart.Id)}\" data-measured=\"{(chart.HasData ? "yes" : "no")}\">{chart.Svg}</figure>");
}
