using Bench.Load.Engine;
using System.Net.WebSockets;
using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.Net;

/// <summary>What opening a WebSocket session gave: the socket on 101, or the status that refused it.</summary>
public readonly record struct WebSocketOpen(WebSocket? Socket, int Status, long ConnectTicks, long HandshakeTicks, long FirstByte);

/// <summary>Sessions that talk WebSocket: connect, then the opening handshake, both under the timeout.</summary>
public abstract class WebSocketSession(SessionWatchdog watchdog, TimeSpan timeout) : SessionBase(watchdog, timeout)
{
    /// <summary>Set while connecting, so a failure is classified as a connect failure (refused, connect timeout).</summary>
    protected bool Connecting { get; private set; }

    protected async ValueTask<WebSocketOpen> OpenWebSocketAsync(Connector connector, string pathAndQuery, string hostHeader)
    {
        Connecting = true;
        var socket = OpenSocket(connector);
        Arm();
        long t0 = Clock.Now;
        await socket.ConnectAsync(connector.Target).ConfigureAwait(false);
        Connecting = false;
        long connected = Clock.Now;
        var (ws, status, firstByte) = await WebSocketConnector.HandshakeAsync(socket, pathAndQuery, hostHeader).ConfigureAwait(false);
        Disarm();
        return new WebSocketOpen(ws, status, Math.Max(1, connected - t0), Clock.Now - connected, firstByte);
    }

    /// <summary>Reads one whole message into <paramref name="buffer"/>, keeping its first bytes if it is longer; Close ends with count -1.</summary>
    protected static async ValueTask<int> ReceiveMessageAsync(WebSocket ws, byte[] buffer)
    {
        int filled = 0;
        while (true)
        {
            var r = await ws.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None).ConfigureAwait(false);
            if (r.MessageType == WebSocketMessageType.Close) return -1;
            filled += r.Count;
            if (r.EndOfMessage) return filled;
            // Longer than the buffer: the first half holds what we parse, overwrite the rest.
            if (filled == buffer.Length) filled = buffer.Length / 2;
        }
    }

    /// <summary>Closes with 1000 and waits (under the timeout) for the server's close frame.</summary>
    protected async ValueTask CloseNormallyAsync(WebSocket ws)
    {
        if (ws.State != WebSocketState.Open) return;
        Arm();
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// What the session's end says about the server: our own abort, a close handshake that timed out,
    /// or the server's close code (1006 when the connection just ended), counted as abnormal unless 1000/1001.
    /// </summary>
    protected ErrorKind JudgeClose(int code, StreamMetrics metrics, int abnormalCounter)
    {
        if (Aborted) return ErrorKind.Interrupted;
        if (code == 1006 && TimedOut) return ErrorKind.Timeout; // our close handshake got no answer
        metrics.CountClose(code);
        if (code is not (1000 or 1001)) metrics.Count(abnormalCounter);
        return code switch
        {
            1000 or 1001 => ErrorKind.None,
            1006 => ErrorKind.Reset,
            _ => ErrorKind.Other,
        };
    }
}
