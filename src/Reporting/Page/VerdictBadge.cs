using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>A coloured verdict label; the colour follows the verdict, the text is the verdict itself (escaped).</summary>
public static class VerdictBadge
{
    public static string Render(string verdict)
    {
        string css = verdict.Trim().ToLowerInvariant() switch
        {
            Verdicts.Supported => "v-supported",
            Verdicts.NotSupported or "not-supported" or "not_supported" => "v-not-supported",
            Verdicts.Depends or "it depends" => "v-depends",
            Verdicts.Inconclusive => "v-inconclusive",
            Verdicts.NotMeasured or "not-measured" or "not_measured" => "v-not-measured",
            _ => "v-other",
        };
        return $"<span class=\"badge {css}\">{Html.Text(verdict)}</span>";
    }
}
