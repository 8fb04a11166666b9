using System.Globalization;
using System.Text.RegularExpressions;

namespace Bench.Load.Scale;

/// <summary>
/// <c>--start-at</c>: an RFC 3339 time with its offset ("2026-11-30T10:00:00Z",
/// "2026-11-30T11:00:00.5+01:00"), or "-": read that time from standard input once the shard has
/// said it is ready (how <c>--processes</c> starts its shards together).
/// </summary>
public static partial class StartTime
{
    public const string FromStandardInput = "-";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    public static bool TryParse(string text, out DateTimeOffset time, out string error)
    {
        time = default;
        if (!Rfc3339().IsMatch(text.Trim())
            || !DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            error = $"'{text}' is not an RFC 3339 time with an offset (e.g. 2026-11-30T10:00:00Z)";
            return false;
        }
        error = "";
        return true;
    }

    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
