namespace Bench.Servers.Http;

/// <summary>Character classes of RFC 9110 §5.6.2 (token) and §5.5 (field values).</summary>
public static class HttpChars
{
    private static readonly bool[] Token = BuildToken();

    public static bool IsToken(byte b) => b < 128 && Token[b];

    /// <summary>VCHAR, SP, HTAB and obs-text; no other control characters, never CR or LF.</summary>
    public static bool IsFieldValue(byte b) => b == '\t' || (b >= 0x20 && b != 0x7F);

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (c >= 128 || !Token[c]) return false;
        }
        return true;
    }

    public static bool IsFieldValue(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c > 0xFF || !IsFieldValue((byte)c)) return false;
        }
        return true;
    }

    private static bool[] BuildToken()
    {
        var table = new bool[128];
        for (int c = 0; c < 128; c++)
        {
            table[c] = char.IsAsciiLetterOrDigit((char)c) || "!#$%&'*+-.^_`|~".Contains((char)c);
        }
        return table;
    }
}
