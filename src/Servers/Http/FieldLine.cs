namespace Bench.Servers.Http;

/// <summary>
/// One "name: value" line of a header or trailer section (RFC 9112 §5), checked the same way in both:
/// a token name with no whitespace before the colon, a value of field-value characters, no folding.
/// </summary>
public static class FieldLine
{
    /// <summary>Splits <paramref name="line"/> (no CRLF) into its name and trimmed value; a malformed line is a 400.</summary>
    public static void Parse(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (line.IsEmpty) throw RequestRejected.BadRequest("empty header line");
        // RFC 9112 §5.2: obsolete line folding may be rejected with 400.
        if (line[0] is (byte)' ' or (byte)'\t') throw RequestRejected.BadRequest("obsolete line folding");
        int colon = line.IndexOf((byte)':');
        if (colon <= 0) throw RequestRejected.BadRequest("header field without a name");
        name = line[..colon];
        foreach (var b in name)
        {
            // Also rejects whitespace before the colon (RFC 9112 §5.1 says MUST 400).
            if (!HttpChars.IsToken(b)) throw RequestRejected.BadRequest("invalid header name");
        }
        value = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var b in value)
        {
            if (!HttpChars.IsFieldValue(b)) throw RequestRejected.BadRequest("invalid character in header value");
        }
    }
}
