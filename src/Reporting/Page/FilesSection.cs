namespace Bench.Reporting.Page;

/// <summary>Links to the raw data beside the page: the results JSON, the PNG charts, and one HdrHistogram .hgrm per cell.</summary>
public static class FilesSection
{
    public static void Write(StringWriter w, string resultsFile, IReadOnlyDictionary<string, string> hgrmFiles)
    {
        w.WriteLine("<section id=\"files\"><h2>Raw data</h2><ul>");
        w.WriteLine($"<li><a href=\"{Html.Attr(resultsFile)}\">{Html.Text(resultsFile)}</a>: every cell's results (lossless HdrHistogram histograms, per-second series, server samples)</li>");
        w.WriteLine("<li><a href=\"summary.md\">summary.md</a>: this report's summary with PNG charts (charts/), for CI job summaries</li>");
        if (hgrmFiles.Count > 0)
        {
            w.WriteLine("<li>Latency percentile distributions in HdrHistogram's .hgrm format (values in ms), one per cell:<ul>");
            foreach (var (cell, file) in hgrmFiles) w.WriteLine($"<li><a href=\"{Html.Attr(file)}\">{Html.Text(cell)}</a></li>");
            w.WriteLine("</ul></li>");
        }
        w.WriteLine("</ul></section>");
    }
}
