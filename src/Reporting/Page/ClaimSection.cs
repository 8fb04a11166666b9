namespace Bench.Reporting.Page;

/// <summary>One claim's section: verdict and explanation, its deciding numbers, its charts, then the exact numbers of its cells.</summary>
public static class ClaimSection
{
    public static void Write(StringWriter w, ReportSection section, IReadOnlyDictionary<string, string> hgrmFiles)
    {
        w.WriteLine($"<section id=\"{Html.Attr(section.Anchor)}\"><h2>{Html.Text(section.Title)}</h2>");
        if (section.Claim is { } claim)
        {
            w.WriteLine($"<p>{VerdictBadge.Render(claim.Verdict)} {Html.Text(claim.Explanation ?? "")}</p>");
            if (!string.IsNullOrWhiteSpace(claim.Measured)) w.WriteLine($"<p class=\"note\">Measured: {Html.Text(claim.Measured)}</p>");
            if (claim.Rule.Length > 0) w.WriteLine($"<p class=\"rule\">Rule: {Html.Text(claim.Rule)}</p>");
            if (claim.Parts.Count > 0) w.WriteLine("<ul class=\"rule\">" + string.Concat(claim.Parts.Select(p => $"<li>{Html.Text(p)}</li>")) + "</ul>");
            if (claim.NotVoting.Count > 0)
                w.WriteLine($"<details class=\"rule\"><summary>{claim.NotVoting.Count} repeat(s) did not vote</summary><ul>" + string.Concat(claim.NotVoting.Select(n => $"<li>{Html.Text(n)}</li>")) + "</ul></details>");
            NumbersList.Write(w, claim.Numbers);
        }
        if (section.Charts.Count > 0)
        {
            w.WriteLine("<div class=\"charts\">");
            foreach (var chart in section.Charts)
                w.WriteLine($"<figure id=\"fig-{Html.Attr(chart.Id)}\" data-measured=\"{(chart.HasData ? "yes" : "no")}\">{chart.Svg}</figure>");
            w.WriteLine("</div>");
        }
        if (section.Cells.Count == 0) w.WriteLine("<p class=\"note\">No cells of this run belong to this section: not measured in this run.</p>");
        else CellTable.Write(w, section.Cells, hgrmFiles);
        w.WriteLine("</section>");
    }
}
