using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>
/// The exact numbers behind the charts, NBomber-style: one row per cell with counts, rate,
/// latency percentiles (ms, coordinated-omission corrected where the model is open), bytes and
/// status codes; failed cells show why, escaped, since the text comes from the target process.
/// </summary>
public static class CellTable
{
    public static void Write(StringWriter w, IReadOnlyList<ReportCell> cells, IReadOnlyDictionary<string, string> hgrmFiles)
    {
        w.WriteLine("<div class=\"wide\"><table class=\"cells\"><thead><tr>"
            + "<th>cell</th><th>target</th><th>scenario</th><th>load</th><th>status</th>"
            + "<th>requests</th><th>ok</th><th>failed</th><th>rate (req/s)</th>"
            + "<th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th>"
            + "<th>bytes read</th><th>status codes / errors</th><th>spectrum</th></tr></thead><tbody>");
        foreach (var c in cells)
        {
            w.Write($"<tr><td>{Html.Text(c.Id)}</td><td>{Html.Text(c.Target)}</td><td>{Html.Text(c.Scenario)}</td><td class=\"num\">{Html.Text(Load(c))}</td>");
            w.Write($"<td class=\"status-{Html.Attr(c.Status)}\">{Html.Text(c.Status)}</td>");
            if (c.Result is { } r)
            {
                var t = r.Totals;
                var l = r.Latency.Latency;
                Num(w, Units.Count(t.Requests)); Num(w, Units.Count(t.Ok)); Num(w, Units.Count(t.Failed)); Num(w, Units.Rate(t.Rate));
                foreach (double v in new double[] { l.Min, l.Mean, l.P50, l.P90, l.P99, l.P999, l.Max }) Num(w, l.Count > 0 ? Units.Ms(v) : "–");
                Num(w, Units.Bytes(t.BytesRead));
                w.Write($"<td>{Html.Text(Codes(t.StatusCodes, t.Errors))}</td>");
                w.Write(hgrmFiles.TryGetValue(c.Id, out string? file) ? $"<td><a href=\"{Html.Attr(file)}\">.hgrm</a></td>" : "<td></td>");
            }
            else
            {
                w.Write("<td colspan=\"14\" class=\"note\">no results</td>");
            }
            w.WriteLine("</tr>");
            if (!string.IsNullOrWhiteSpace(c.Error))
                w.WriteLine($"<tr><td></td><td colspan=\"18\" class=\"error\">{Html.Text(c.Error)}</td></tr>");
            foreach (string finding in c.Findings)
                w.WriteLine($"<tr><td></td><td colspan=\"18\" class=\"note\">{Html.Text(finding)}</td></tr>");
            if (c.Result is { Validity.Valid: false } invalid)
                w.WriteLine($"<tr><td></td><td colspan=\"18\" class=\"error\">run invalid: {Html.Text(string.Join("; ", invalid.Validity.Reasons))}</td></tr>");
        }
        w.WriteLine("</tbody></table></div>");
    }

    private static void Num(StringWriter w, string value) => w.Write($"<td class=\"num\">{Html.Text(value)}</td>");

    private static string Load(ReportCell c) =>
        c.Connections is { } n ? $"{n:N0} conn" : c.OfferedRate is { } r ? $"{Units.Rate(r)} req/s" : "";

    private static string Codes(IReadOnlyDictionary<string, long> codes, IReadOnlyDictionary<string, long> errors) =>
        string.Join(", ", codes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {Units.Count(kv.Value)}")
            .Concat(errors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {Units.Count(kv.Value)}")));
}
