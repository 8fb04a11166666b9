using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>A claim's deciding numbers as "name: value" lines.</summary>
public static class NumbersList
{
    public static void Write(StringWriter w, IReadOnlyList<ClaimNumber> numbers)
    {
        if (numbers.Count == 0) { w.Write("<span class=\"note\">none given</span>"); return; }
        w.Write("<ul class=\"numbers\">");
        foreach (var n in numbers) w.Write($"<li>{Html.Text(n.Name)}: <b>{Html.Text(n.Value)}</b></li>");
        w.Write("</ul>");
    }
}
