using System.Buffers;

namespace Bench.Servers.Http;

/// <summary>
/// Runs the shared HTTP core once at startup, so the assemblies every request needs (URI decoding,
/// reason phrases, vector helpers) are loaded while descriptors are plentiful. The runtime opens an
/// assembly's file on first use and remembers a failed load for good, so a first request served at
/// the descriptor limit would otherwise break that path for the life of the process.
/// </summary>
public static class HttpWarmup
{
    public static void Run()
    {
        var request = "GET /warm%20up?x=1 HTTP/1.1\r\nHost: warmup\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"u8;
        var limits = new HttpLimits();
        if (!RequestHeadParser.TryParse(request, limits, out var head, out int consumed)) return;
        _ = head.DecodedPath;
        _ = head.QueryValue("x");
        new BodyDecoder(head, limits).Decode(request[consumed..], new byte[16], out _);
        var w = new ArrayBufferWriter<byte>(256);
        ResponseHeadWriter.StatusLine(w, 200);
        ResponseHeadWriter.ServerFields(w, "warmup"u8, lowercase: false);
        ResponseHeadWriter.ChunkStart(w, 10);
        _ = ErrorResponse.Build(408, "warm-up", "warmup"u8);
    }
}
