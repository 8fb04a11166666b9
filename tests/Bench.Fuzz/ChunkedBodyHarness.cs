using Bench.Servers.Http;

namespace Bench.Fuzz;

/// <summary>
/// The chunked body decoder on arbitrary bytes, delivered in two reads split where the first byte
/// says, into an output buffer of a size the second byte says. A refusal (RequestRejected) is fine;
/// the decoder must never report more input consumed than given, nor decode past the body limit.
/// </summary>
public static class ChunkedBodyHarness
{
    private static readonly HttpLimits Limits = new() { MaxBodyBytes = 4096, MaxChunkLineBytes = 64, MaxHeaderBytes = 512, MaxHeaderCount = 8 };
    private static readonly RequestHead Chunked = ParseHead("POST / HTTP/1.1\r\nHost: f\r\nTransfer-Encoding: chunked\r\n\r\n");

    public static void Run(byte[] input)
    {
        if (input.Length < 2) return;
        int split = Math.Min(input[0], input.Length - 2);
        var output = new byte[1 + input[1] % 64];
        var body = input.AsSpan(2);
        var decoder = new BodyDecoder(Chunked, Limits);
        var pending = new List<byte>();
        try
        {
            foreach (var part in new[] { body[..split].ToArray(), body[split..].ToArray() })
            {
                pending.AddRange(part);
                while (!decoder.IsComplete)
                {
                    var data = pending.ToArray();
                    int written = decoder.Decode(data, output, out int consumed);
                    if (consumed < 0 || consumed > data.Length || written < 0 || written > output.Length)
                        throw new InvariantBroken($"consumed {consumed} of {data.Length}, wrote {written} into {output.Length}");
                    pending.RemoveRange(0, consumed);
                    if (written == 0 && consumed == 0) break;
                }
            }
        }
        catch (RequestRejected e)
        {
            if (e.Status is not (400 or 413 or 431)) throw new InvariantBroken($"refusal with status {e.Status}");
            return;
        }
        if (decoder.Total > Limits.MaxBodyBytes) throw new InvariantBroken($"decoded {decoder.Total} bytes past the limit");
    }

    private static RequestHead ParseHead(string text)
    {
        RequestHeadParser.TryParse(System.Text.Encoding.ASCII.GetBytes(text), Limits, out var head, out _);
        return head;
    }
}
