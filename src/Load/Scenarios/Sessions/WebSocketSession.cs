using Bench.Load.Vocabulary;
using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Bench.Load.Engine;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>What opening a WebSocket session gave: open on 101, or the status that refused it.</summary>
public readonly record struct WebSocketOpen(bool Open, int Status, long ConnectTicks, long HandshakeTicks, long FirstByte);

/// <summary>
/// Sessions that talk WebSocket on the event loop: connect, the RFC 6455 §4.1 opening handshake
/// (its answer read by the one response parser), then frames (<see cref="WebSocketFrames"/>):
/// a receiver that waits for readiness holding no buffer and parses frames in the loop thread's
/// borrowed buffer, and sends built in a buffer rented for that frame only. ClientWebSocket would
/// build an HttpClient handler per connection, ManagedWebSocket a pending receive chain.
/// </summary>
public abstract class WebSocketSession : SessionBase, IWebSocketSink
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(1);

    private readonly WebSocketFrameReader _frames;
    private uint _maskState;
    private bool _sendBusy;
    private bool _closeSent;
    private int _closeCode = -1;
    private byte[]? _pong;

    /// <param name="maxMessage">The longest message this session sends or accepts.</param>
    protected WebSocketSession(SessionTarget target, int index, TimeSpan timeout, int maxMessage) : base(target, index, timeout)
    {
        _frames = new WebSocketFrameReader(Math.Max(maxMessage, 125));
        _maskState = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    }

    /// <summary>Set while connecting, so a failure is classified as a connect failure (refused, connect timeout).</summary>
    protected bool Connecting { get; private set; }

    /// <summary>Neither side has closed: messages may still be sent.</summary>
    protected bool IsOpen => !_closeSent && _closeCode < 0 && Transport.IsOpen;

    /// <summary>The upgrade request with a fresh random key (§4.1: the key must be random per connection).</summary>
    public static (byte[] Request, string ExpectedAccept) BuildRequest(string pathAndQuery, string hostHeader)
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = Encoding.ASCII.GetBytes(
            $"GET {pathAndQuery} HTTP/1.1\r\nHost: {hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return (request, ExpectedAccept(key));
    }

    public static string ExpectedAccept(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    /// <summary>
    /// Connects and upgrades, both under the timeout. Open on 101 with the right accept key;
    /// otherwise the status (426 from a WSGI twin that refuses upgrades). Throws on network
    /// failure or a malformed answer.
    /// </summary>
    protected async ValueTask<WebSocketOpen> OpenWebSocketAsync(string pathAndQuery, string hostHeader)
    {
        Connecting = true;
        long t0 = Clock.Now;
        await ConnectAsync().ConfigureAwait(false);
        Connecting = false;
        long connected = Clock.Now;
        var (request, accept) = BuildRequest(pathAndQuery, hostHeader);
        await SendAllAsync(request).ConfigureAwait(false);
        var head = await ReadHeadAsync().ConfigureAwait(false);
        try
        {
            var open = new WebSocketOpen(Parser.StatusCode == 101, Parser.StatusCode, Math.Max(1, connected - t0), Clock.Now - connected, head.FirstByteTimestamp);
            if (!open.Open)
            {
                Disarm();
                return open;
            }
            if (!Parser.UpgradeWebSocket || Parser.WebSocketAccept != accept) throw new InvalidDataException("101 without a valid Sec-WebSocket-Accept");
            // HTTP is over on this connection: drop the head's strings rather than hold them for the whole session.
            Parser.Reset(headRequest: false);
            Disarm();
            _frames.Reset();
            // Frames may follow the 101 in the same segment.
            _frames.Feed(head.Buffer.AsSpan(head.LeftoverOffset, head.LeftoverCount), this);
            return open;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head.Buffer);
        }
    }

    /// <summary>Sends one message as a single masked frame; false if the connection is closing or closed.</summary>
    protected async ValueTask<bool> SendMessageAsync(ReadOnlyMemory<byte> payload, bool text)
    {
        // A pong may be on its way (the receiver sends it); frames must not interleave.
        while (_sendBusy) await DelayAsync(BusyRetry, wakeable: false).ConfigureAwait(false);
        if (!IsOpen) return false;
        await SendFrameAsync(text ? WebSocketFrames.Text : WebSocketFrames.Binary, payload).ConfigureAwait(false);
        return true;
    }

    /// <summary>Builds the frame in a pooled buffer held only until it is sent: an idle session keeps no send buffer.</summary>
    private async ValueTask SendFrameAsync(byte opcode, ReadOnlyMemory<byte> payload)
    {
        _sendBusy = true;
        byte[] frame = ArrayPool<byte>.Shared.Rent(payload.Length + WebSocketFrames.MaxHeader);
        try
        {
            int n = WebSocketFrames.Write(frame, opcode, payload.Span, NextMask());
            await SendAllAsync(frame.AsMemory(0, n)).ConfigureAwait(false);
        }
        finally
        {
            // The transport lets go of the bytes when the send completes or fails.
            ArrayPool<byte>.Shared.Return(frame);
            _sendBusy = false;
        }
    }

    /// <summary>xorshift32: masking keys need to be unpredictable to a proxy (§10.3), not secret; one per frame.</summary>
    private uint NextMask()
    {
        uint x = _maskState;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return _maskState = x;
    }

    /// <summary>
    /// Reads frames until the server's close frame (answered, if we had not closed first) or the
    /// connection's end; returns the close code, 1006 when no close frame came.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<int> ReceiveUntilClosedAsync()
    {
        try
        {
            while (_closeCode < 0)
            {
                await Transport.WaitReadableAsync().ConfigureAwait(false);
                if (!ReadOnce()) return 1006;
                if (_pong is { } pong && !_sendBusy)
                {
                    _pong = null;
                    await SendFrameAsync(WebSocketFrames.Pong, pong).ConfigureAwait(false);
                }
            }
            if (!_closeSent)
            {
                // Answer the server's close with the same code (§5.5.1), then the connection ends.
                _closeSent = true;
                var body = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)(_closeCode == 1005 ? 1000 : _closeCode));
                await SendFrameAsync(WebSocketFrames.Close, _closeCode == 1005 ? ReadOnlyMemory<byte>.Empty : body).ConfigureAwait(false);
            }
            return _closeCode;
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException or ObjectDisposedException)
        {
            return _closeCode >= 0 ? _closeCode : 1006;
        }
    }

    /// <summary>One read into the borrowed buffer, after the carried bytes of an unfinished frame; false at the connection's end.</summary>
    private bool ReadOnce()
    {
        var buffer = BorrowedBuffer.Get(_frames.Carried);
        int carried = _frames.Restore(buffer);
        int n = Transport.TryReceive(buffer.AsSpan(carried, BorrowedBuffer.ReadSize));
        if (n == 0) return false;
        _frames.Feed(buffer.AsSpan(0, carried + Math.Max(0, n)), this);
        return true;
    }

    /// <summary>Closes with 1000; the server's close frame then ends the receiver (under the timeout).</summary>
    protected async ValueTask CloseNormallyAsync()
    {
        if (_closeSent || _closeCode >= 0 || !Transport.IsOpen) return;
        while (_sendBusy) await DelayAsync(BusyRetry, wakeable: false).ConfigureAwait(false);
        Arm();
        _closeSent = true;
        var body = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(body, 1000);
        await SendFrameAsync(WebSocketFrames.Close, body).ConfigureAwait(false);
    }

    /// <summary>Waits on the loop, in steps of <paramref name="step"/>, until <paramref name="done"/> or <paramref name="until"/>; the hold's end does not cut it short.</summary>
    protected async ValueTask WaitForAsync(Func<bool> done, long until, TimeSpan step)
    {
        while (!done() && Clock.Now < until) await DelayAsync(step, wakeable: false).ConfigureAwait(false);
    }

    /// <summary>A whole data message from the server, on the loop thread.</summary>
    protected abstract void OnMessage(ReadOnlySpan<byte> payload, bool text);

    void IWebSocketSink.OnMessage(ReadOnlySpan<byte> payload, bool text) => OnMessage(payload, text);

    void IWebSocketSink.OnPing(ReadOnlySpan<byte> payload) => _pong = payload.ToArray();

    void IWebSocketSink.OnClose(int code) => _closeCode = code;

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
