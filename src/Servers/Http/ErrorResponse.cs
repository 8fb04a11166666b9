using System.Buffers;
using System.Text;

namespace Bench.Servers.Http;

/// <summary>A complete plain-text error response that closes the connection (used for 4xx, 5xx and 503).</summary>
public static class ErrorResponse
{
    public static byte[] Build(int status, string message, ReadOnlySpan<byte> serverName, bool lowercase = false)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var w = new ArrayBufferWriter<byte>(256 + body.Length);
        ResponseHeadWriter.StatusLine(w, status);
        ResponseHeadWriter.ServerFields(w, serverName, lowercase);
        ResponseHeadWriter.Header(w, lowercase ? "content-type"u8 : "Content-Type"u8, "text/plain; charset=utf-8"u8);
        ResponseHeadWriter.Header(w, lowercase ? "content-length"u8 : "Content-Length"u8, body.Length);
        ResponseHeadWriter.Header(w, lowercase ? "connection"u8 : "Connection"u8, "close"u8);
        ResponseHeadWriter.EndHead(w);
        ResponseHeadWriter.Write(w, body);
        return w.WrittenSpan.ToArray();
    }
}
