using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bench.Micro.Instructions;

/// <summary>
/// The cheapest honest client for counting a server's instructions: blocking socket calls on
/// request bytes built once, and just enough parsing to know where a response ends (its head,
/// then Content-Length bytes or chunks up to the last one). Its own cost is in every count but
/// the same on both sides, so it dilutes a change a little and never fakes one. Any status
/// other than the expected one throws: an error page is not the path being counted.
/// </summary>
public sealed class LoopbackClient : IDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LastChunk = "\r\n0\r\n\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];

    public LoopbackClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    }

    public static byte[] Get(string target, int port, string extraHeaders = "") =>
        Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extraHeaders}\r\n");

    /// <summary>Sends a request and reads its whole response; returns the response's length in bytes.</summary>
    public int Exchange(byte[] request, int expectedStatus = 200)
    {
        _socket.Send(request);
        return ReadResponse(expectedStatus);
    }

    public void Send(byte[] bytes) => _socket.Send(bytes);

    /// <summary>
    /// Reads one unmasked server frame with a payload under 126 bytes and returns its first byte
    /// (FIN and opcode). Control frames in between are read and skipped: WSGI's hijacked
    /// WebSockets send a keep-alive pong every 20 s, which a slow callgrind phase can catch.
    /// </summary>
    public byte ReadFrame()
    {
        while (true)
        {
            ReadExactly(2);
            byte first = _buffer[0];
            int length = _buffer[1] & 0x7F;
            if (length >= 126) throw new InvalidDataException("a frame longer than 125 bytes; this client reads only short ones");
            ReadExactly(length);
            if ((first & 0x08) == 0) return first;
        }
    }

    private void ReadExactly(int count)
    {
        int got = 0;
        while (got < count)
        {
            int n = _socket.Receive(_buffer, got, count - got, SocketFlags.None);
            if (n == 0) throw new IOException("server closed the connection mid-frame");
            got += n;
        }
    }

    private int ReadResponse(int expectedStatus)
    {
        int got = 0, headEnd;
        while ((headEnd = _buffer.AsSpan(0, got).IndexOf(HeadEnd)) < 0) got += ReceiveInto(got);
        headEnd += HeadEnd.Length;
        var head = Encoding.ASCII.GetString(_buffer, 0, headEnd);
        int status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (status != expectedStatus) throw new InvalidDataException($"expected {expectedStatus}, got: {head.Split('\r')[0]}");
        if (status == 101) return headEnd;
        int length = ContentLength(head);
        if (length >= 0)
        {
            while (got < headEnd + length) got += ReceiveInto(got);
            return headEnd + length;
        }
        // Chunked (SSE): the body ends with the zero-size chunk; only the tail is kept.
        int total = got;
        while (!_buffer.AsSpan(0, got).EndsWith(LastChunk))
        {
            if (got > _buffer.Length / 2)
            {
                _buffer.AsSpan(got - LastChunk.Length, LastChunk.Length).CopyTo(_buffer);
                got = LastChunk.Length;
            }
            int n = ReceiveInto(got);
            got += n;
            total += n;
        }
        return total;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                return int.Parse(line.AsSpan(15).Trim(), provider: System.Globalization.CultureInfo.InvariantCulture);
        return -1;
    }

    private int ReceiveInto(int offset)
    {
        int n = _socket.Receive(_buffer, offset, _buffer.Length - offset, SocketFlags.None);
        return n > 0 ? n : throw new IOException("server closed the connection mid-response");
    }

    public void Dispose() => _socket.Dispose();
}
