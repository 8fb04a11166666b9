using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>The first thing a reader sees: every claim, what was measured, the verdict and the numbers that decided it.</summary>
public static class ClaimsTableSection
{
    public static void Write(StringWriter w, IReadOnlyList<ReportClaim> claims)
    {
        w.WriteLine("<section id=\"claims\"><h2>Claims</h2>");
        if (claims.Count == 0)
        {
            w.WriteLine("<p class=\"note\">This results file carries no claim verdicts (a single run, or a suite without claim rules).</p></section>");
            return;
        }
        w.WriteLine("<div class=\"wide\"><table class=\"claims\"><thead><tr><th>#</th><th>claim</th><th>what was measured</th><th>verdict and its rule</th><th>deciding numbers</th></tr></thead><tbody>");
        foreach (var c in claims)
        {
            w.Write($"<tr><td><a href=\"#{Html.Attr(c.Anchor)}\">{Html.Text(c.Id)}</a></td>");
            w.Write($"<td><a href=\"#{Html.Attr(c.Anchor)}\">{Html.Text(c.Title)}</a></td>");
            w.Write($"<td>{Html.Text(c.Measured)}</td>");
            w.Write($"<td class=\"verdict\">{VerdictBadge.Render(c.Verdict)}");
            foreach (var part in c.Parts) w.Write($"<div class=\"rule\">{Html.Text(part)}</div>");
            if (c.Rule.Length > 0) w.Write($"<details class=\"rule\"><summary>rule</summary>{Html.Text(c.Rule)}</details>");
            w.Write("</td>");
            w.Write("<td>");
            NumbersList.Write(w, c.Numbers);
            w.WriteLine("</td></tr>");
        }
        w.WriteLine("</tbody></table></div></section>");
    }
}
