using Bench.Servers.Http;

namespace Bench.Fuzz;

/// <summary>
/// The server's Sec-WebSocket-* checks on arbitrary request heads: a head that parses and passes
/// validation must produce a 101 whose accept key is the RFC 6455 hash of its key; a refusal is a 400.
/// </summary>
public static class WebSocketHandshakeHarness
{
    public static void Run(byte[] input)
    {
        RequestHead head;
        try
        {
            if (!RequestHeadParser.TryParse(input, RequestHeadHarness.Limits, out head, out _)) return;
        }
        catch (RequestRejected) { return; }

        string key;
        try { key = WebSocketHandshake.Validate(head); }
        catch (RequestRejected e)
        {
            if (e.Status != 400) throw new InvariantBroken($"handshake refused with {e.Status}");
            return;
        }
        if (!head.IsWebSocketUpgrade || head.Method != "GET") throw new InvariantBroken("a request that is not a GET upgrade passed");
        var response = System.Text.Encoding.Latin1.GetString(WebSocketHandshake.SwitchingProtocols(key, head.Header("Sec-WebSocket-Protocol") is { } p && HttpChars.IsToken(p) ? p : null, null, lowercase: false));
        if (!response.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal) || !response.Contains("Sec-WebSocket-Accept: " + WebSocketHandshake.AcceptKey(key) + "\r\n", StringComparison.Ordinal))
            throw new InvariantBroken("the 101 lacks the accept key");
    }
}
