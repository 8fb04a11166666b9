using System.Buffers;
using System.Net.WebSockets;

namespace Bench.Servers.Http;

/// <summary>A whole WebSocket message, or the close that ended the stream.</summary>
public readonly record struct WebSocketMessage(WebSocketMessageType Type, byte[] Data, int CloseCode, string CloseReason)
{
    public bool IsClose => Type == WebSocketMessageType.Close;
}

/// <summary>
/// Reads complete messages (fragments reassembled, RFC 6455 §5.4) with a size cap. An idle socket waits
/// with a zero-byte receive, so thousands of idle connections hold no receive buffer; the buffer is
/// rented only while a message is arriving.
/// </summary>
public static class WebSocketMessageReader
{
    public const int MessageTooBig = 1009;
    public const int NoStatusReceived = 1005;

    /// <summary>
    /// Returns the next message; a message over <paramref name="maxSize"/> returns a close with 1009. When
    /// <paramref name="guard"/> refused a frame header, the WebSocket is already aborted and the 1009 close
    /// frame is sent here; otherwise the caller closes.
    /// </summary>
    public static async ValueTask<WebSocketMessage> ReceiveAsync(WebSocket socket, int maxSize, WebSocketInputGuard? guard = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReceiveMessageAsync(socket, maxSize, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException) when (guard is { TooBig: true })
        {
            await guard.SendCloseAsync(MessageTooBig).ConfigureAwait(false);
            return TooBig;
        }
    }

    private static readonly WebSocketMessage TooBig = new(WebSocketMessageType.Close, [], MessageTooBig, "message too big");

    private static async ValueTask<WebSocketMessage> ReceiveMessageAsync(WebSocket socket, int maxSize, CancellationToken cancellationToken)
    {
        var first = await socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (first.MessageType == WebSocketMessageType.Close) return Closed(socket);
        if (first.EndOfMessage) return new(first.MessageType, [], 0, "");

        byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == rented.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(rented.Length * 2, maxSize + 1));
                    rented.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }
                var result = await socket.ReceiveAsync(rented.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) return Closed(socket);
                length += result.Count;
                if (length > maxSize) return TooBig;
                if (result.EndOfMessage) return new(first.MessageType, rented.AsSpan(0, length).ToArray(), 0, "");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static WebSocketMessage Closed(WebSocket socket) =>
        new(WebSocketMessageType.Close, [], socket.CloseStatus is { } status && status != WebSocketCloseStatus.Empty ? (int)status : NoStatusReceived,
            socket.CloseStatusDescription ?? "");
}
