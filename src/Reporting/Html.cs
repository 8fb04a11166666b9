using System.Net;

namespace Bench.Reporting;

/// <summary>
/// HTML escaping for everything that reaches the page from a server, a process or a file
/// (status texts, error messages, target names, the suite echo): those render as text, never markup.
/// </summary>
public static class Html
{
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>WebUtility.HtmlEncode escapes both quote kinds, so the result is safe in either attribute quoting.</summary>
    public static string Attr(string? value) => WebUtility.HtmlEncode(value ?? "");
}
