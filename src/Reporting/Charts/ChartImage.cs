namespace Bench.Reporting.Charts;

/// <summary>
/// One rendered chart: SVG ready to inline in the page, and a PNG on demand for the Markdown
/// summary (PNG encoding costs 3–5× the SVG, so only the charts the summary shows pay it).
/// <see cref="HasData"/> is false for a "not measured in this run" placeholder.
/// </summary>
public sealed record ChartImage(string Id, string Title, string Svg, bool HasData, Func<byte[]> RenderPng)
{
    public string PngFileName => $"{Id}.png";
}
