using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>
/// Assembles index.html: one self-contained file (inline CSS and SVG, no scripts, no external
/// fonts or images), claims table first, then one section per claim, the suite, the raw files.
/// </summary>
public static class ReportPage
{
    public static string Build(ReportRun run, IReadOnlyList<ReportSection> sections, string resultsFile, IReadOnlyDictionary<string, string> hgrmFiles)
    {
        using var w = new StringWriter();
        w.WriteLine("<!DOCTYPE html>");
        w.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        w.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No network at all: a strict CSP makes the browser refuse anything a stray string might try to load.
        w.WriteLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        w.WriteLine($"<title>Bench report {Html.Text(run.RunId)}</title>");
        w.WriteLine($"<style>{PageStyles.Css}</style></head><body><main>");
        HeaderSection.Write(w, run);
        ClaimsTableSection.Write(w, run.Claims);
        FidelitySection.Write(w, run);
        SkippedSection.Write(w, run.Cells);
        Toc(w, sections);
        foreach (var section in sections) ClaimSection.Write(w, section, hgrmFiles);
        SuiteEchoSection.Write(w, run.SuiteDefinition);
        FilesSection.Write(w, resultsFile, hgrmFiles);
        w.WriteLine("</main></body></html>");
        return w.ToString();
    }

    private static void Toc(StringWriter w, IReadOnlyList<ReportSection> sections)
    {
        w.Write("<nav class=\"note\">Sections: ");
        w.Write(string.Join(" · ", sections.Select(s => $"<a href=\"#{Html.Attr(s.Anchor)}\">{Html.Text(s.Title)}</a>")
            .Append("<a href=\"#suite\">suite definition</a>").Append("<a href=\"#files\">raw data</a>")));
        w.WriteLine("</nav>");
    }
}
