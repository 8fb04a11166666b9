using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Bench.Servers.Http;

/// <summary>Writes a status line, header fields and chunk framing as bytes; shared by both twins.</summary>
public static class ResponseHeadWriter
{
    public static void StatusLine(IBufferWriter<byte> w, int status, string? reason = null)
    {
        Write(w, "HTTP/1.1 "u8);
        WriteNumber(w, status);
        Write(w, " "u8);
        WriteLatin1(w, reason ?? ReasonPhrases.GetReasonPhrase(status));
        Write(w, "\r\n"u8);
    }

    public static void Header(IBufferWriter<byte> w, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Write(w, name);
        Write(w, ": "u8);
        Write(w, value);
        Write(w, "\r\n"u8);
    }

    public static void Header(IBufferWriter<byte> w, string name, string value)
    {
        WriteLatin1(w, name);
        Write(w, ": "u8);
        WriteLatin1(w, value);
        Write(w, "\r\n"u8);
    }

    public static void Header(IBufferWriter<byte> w, ReadOnlySpan<byte> name, long value)
    {
        Write(w, name);
        Write(w, ": "u8);
        WriteNumber(w, value);
        Write(w, "\r\n"u8);
    }

    /// <summary>The Date and Server fields the server supplies (PEP 3333 and uvicorn both do).</summary>
    public static void ServerFields(IBufferWriter<byte> w, ReadOnlySpan<byte> serverName, bool lowercase)
    {
        Header(w, lowercase ? "date"u8 : "Date"u8, DateHeader.Current);
        Header(w, lowercase ? "server"u8 : "Server"u8, serverName);
    }

    public static void EndHead(IBufferWriter<byte> w) => Write(w, "\r\n"u8);

    /// <summary>The size line that opens a chunk (RFC 9112 §7.1).</summary>
    public static void ChunkStart(IBufferWriter<byte> w, int length)
    {
        var span = w.GetSpan(10);
        Utf8Formatter.TryFormat(length, span, out int n, new StandardFormat('x'));
        span[n] = (byte)'\r';
        span[n + 1] = (byte)'\n';
        w.Advance(n + 2);
    }

    public static void ChunkEnd(IBufferWriter<byte> w) => Write(w, "\r\n"u8);

    public static ReadOnlySpan<byte> LastChunk => "0\r\n\r\n"u8;

    public static void Write(IBufferWriter<byte> w, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(w.GetSpan(bytes.Length));
        w.Advance(bytes.Length);
    }

    private static void WriteNumber(IBufferWriter<byte> w, long value)
    {
        var span = w.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int n);
        w.Advance(n);
    }

    private static void WriteLatin1(IBufferWriter<byte> w, string text)
    {
        int n = Encoding.Latin1.GetBytes(text, w.GetSpan(text.Length));
        w.Advance(n);
    }
}
