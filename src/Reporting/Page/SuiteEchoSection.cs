namespace Bench.Reporting.Page;

/// <summary>The suite definition exactly as it ran, so a reader can reproduce or question the setup.</summary>
public static class SuiteEchoSection
{
    public static void Write(StringWriter w, string? definition)
    {
        w.WriteLine("<section id=\"suite\"><h2>Suite definition</h2>");
        w.WriteLine(string.IsNullOrWhiteSpace(definition)
            ? "<p class=\"note\">The results file does not carry its suite definition.</p>"
            : $"<pre>{Html.Text(definition)}</pre>");
        w.WriteLine("</section>");
    }
}
