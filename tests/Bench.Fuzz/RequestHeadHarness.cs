using Bench.Servers.Http;

namespace Bench.Fuzz;

/// <summary>
/// The request-head parser on arbitrary bytes, with small limits so the limit branches are reachable.
/// A refusal (RequestRejected with a 4xx/5xx) is fine; a parsed head must be reproducible from exactly
/// the bytes it consumed, and no proper prefix of those may parse.
/// </summary>
public static class RequestHeadHarness
{
    public static readonly HttpLimits Limits = new() { MaxRequestLineBytes = 256, MaxHeaderBytes = 1024, MaxHeaderCount = 16, MaxBodyBytes = 4096 };

    public static void Run(byte[] input)
    {
        RequestHead head;
        int consumed;
        try
        {
            if (!RequestHeadParser.TryParse(input, Limits, out head, out consumed)) return;
        }
        catch (RequestRejected e)
        {
            if (e.Status is < 400 or > 599) throw new InvariantBroken($"refusal with status {e.Status}");
            return;
        }
        if (consumed <= 0 || consumed > input.Length) throw new InvariantBroken($"consumed {consumed} of {input.Length}");
        if (!RequestHeadParser.TryParse(input.AsSpan(0, consumed), Limits, out var again, out int consumedAgain) || consumedAgain != consumed)
            throw new InvariantBroken("the consumed bytes alone do not parse the same head");
        if (again.RawTarget != head.RawTarget || again.Headers.Count != head.Headers.Count || again.ContentLength != head.ContentLength)
            throw new InvariantBroken("the consumed bytes alone parse a different head");
        if (consumed > 1 && RequestHeadParser.TryParse(input.AsSpan(0, consumed - 1), Limits, out _, out _))
            throw new InvariantBroken("a head parsed one byte before its end");
        _ = head.DecodedPath;
        _ = head.QueryValue("wait_ms");
    }
}
