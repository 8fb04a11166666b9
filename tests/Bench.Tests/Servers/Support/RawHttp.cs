using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bench.Tests.Servers.Support;

/// <summary>What came back on a raw connection: every byte until the server closed it (or the wait ended).</summary>
internal sealed record RawResponse(byte[] Bytes, bool ClosedByServer)
{
    public string Text => Encoding.Latin1.GetString(Bytes);

    public string StatusLine
    {
        get
        {
            int end = Text.IndexOf("\r\n", StringComparison.Ordinal);
            return end < 0 ? Text : Text[..end];
        }
    }

    /// <summary>The status code of the first response, or 0 when nothing parseable arrived.</summary>
    public int Status =>
        StatusLine.Length >= 12 && StatusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) && int.TryParse(StatusLine.AsSpan(9, 3), out int code)
            ? code : 0;

    public string Body
    {
        get
        {
            int end = Text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return end < 0 ? "" : Text[(end + 4)..];
        }
    }

    public override string ToString() => Text.Length > 400 ? Text[..400] + "…" : Text;
}

/// <summary>
/// HTTP over a bare socket, for what HttpClient refuses to send: malformed requests, half-closed
/// writes, partial heads, and clients that vanish mid-response.
/// </summary>
internal static class RawHttp
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>
    /// Sends <paramref name="request"/> on a new connection, optionally shuts down the sending side,
    /// and reads until the server closes or <paramref name="wait"/> passes.
    /// </summary>
    public static async Task<RawResponse> ExchangeAsync(int port, byte[] request, bool closeWrite = false, TimeSpan? wait = null)
    {
        using var socket = await ConnectAsync(port);
        try
        {
            await socket.SendAsync(request, SocketFlags.None);
            if (closeWrite) socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The server may refuse and close before it has read everything (an oversized head); its answer is still readable.
        }
        return await ReadUntilCloseAsync(socket, wait ?? DefaultWait);
    }

    /// <summary>
    /// Sends the request in <paramref name="parts"/> with a pause between them, so the server receives
    /// them in separate reads (e.g. a CR in one segment and its LF in the next).
    /// </summary>
    public static async Task<RawResponse> ExchangeInPartsAsync(int port, IEnumerable<string> parts, TimeSpan? wait = null)
    {
        using var socket = await ConnectAsync(port);
        try
        {
            foreach (var part in parts)
            {
                await socket.SendAsync(Encoding.Latin1.GetBytes(part), SocketFlags.None);
                await Task.Delay(50);
            }
        }
        catch (SocketException)
        {
            // The server answered and closed before the last part; what it said is still readable.
        }
        return await ReadUntilCloseAsync(socket, wait ?? DefaultWait);
    }

    public static Task<RawResponse> ExchangeAsync(int port, string request, bool closeWrite = false, TimeSpan? wait = null) =>
        ExchangeAsync(port, Encoding.Latin1.GetBytes(request), closeWrite, wait);

    /// <summary>Reads until EOF or reset (closed by the server) or until <paramref name="wait"/> passes (not closed).</summary>
    public static async Task<RawResponse> ReadUntilCloseAsync(Socket socket, TimeSpan wait)
    {
        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[16 * 1024];
        bool closed = false;
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0) { closed = true; break; }
                received.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { closed = true; }
        return new RawResponse(received.ToArray(), closed);
    }

    /// <summary>Reads until <paramref name="marker"/> has arrived; returns everything read so far.</summary>
    public static async Task<string> ReadUntilAsync(Socket socket, string marker, TimeSpan wait)
    {
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[16 * 1024];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0) throw new IOException($"connection closed before '{marker}' arrived; got: {text}");
            text.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    /// <summary>Drops the connection with a TCP reset, as a crashing or killed client does.</summary>
    public static void Abort(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>GET /health on a fresh connection; the status, or 0 when the server did not answer.</summary>
    public static async Task<RawResponse> HealthAsync(int port) =>
        await ExchangeAsync(port, "GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
}
