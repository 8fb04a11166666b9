using System.Text.RegularExpressions;

namespace Bench.Reporting.Charts;

/// <summary>
/// Makes ScottPlot's standalone SVG safe to inline many times in one HTML page: ScottPlot numbers
/// its clip paths from 1 in every chart ("cl_4"), and in one document url(#cl_4) resolves to the
/// first chart's clip, so ids get a per-chart prefix. The XML declaration is not allowed inline.
/// </summary>
public static partial class InlineSvg
{
    public static string Prepare(string svg, string chartId, string title, int width, int height)
    {
        string body = XmlDeclaration().Replace(svg, "", 1).TrimStart();
        body = IdAttribute().Replace(body, m => $"id=\"{chartId}-{m.Groups[1].Value}\"");
        body = UrlReference().Replace(body, m => $"url(#{chartId}-{m.Groups[1].Value})");
        body = HrefReference().Replace(body, m => $"{m.Groups[1].Value}=\"#{chartId}-{m.Groups[2].Value}\"");
        // viewBox lets CSS scale the chart to the column width; role/aria-label name it for screen readers.
        string open = $"<svg class=\"chart\" role=\"img\" aria-label=\"{Html.Attr(title)}\" viewBox=\"0 0 {width} {height}\" ";
        return SvgOpen().Replace(body, open, 1);
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("(href|xlink:href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();

    [GeneratedRegex(@"<svg\s")]
    private static partial Regex SvgOpen();
}
