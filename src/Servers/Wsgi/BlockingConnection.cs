using System.Net.Sockets;
using Bench.Servers.Http;

namespace Bench.Servers.Wsgi;

/// <summary>The peer went away while we were sending or reading; the request ends without a response.</summary>
public sealed class ClientDisconnected(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// A client connection served with blocking socket calls on the calling thread, as a gunicorn worker
/// thread does: the thread is occupied for as long as the socket makes it wait.
/// </summary>
internal sealed class BlockingConnection : IDisposable
{
    private readonly HttpLimits _limits;
    private BodyDecoder? _body;
    private bool _continueSent;
    private int _disposed;

    public BlockingConnection(Socket socket, HttpLimits limits)
    {
        Socket = socket;
        _limits = limits;
        Input = new InputBuffer(4096, limits.MaxRequestLineBytes + limits.MaxHeaderBytes + 4096);
        socket.NoDelay = true;
        // One timeout for every blocking read: a slow peer costs at most this long per read, and the
        // head's total deadline is checked between reads.
        socket.ReceiveTimeout = (int)limits.HeaderTimeout.TotalMilliseconds;
    }

    public Socket Socket { get; }
    public InputBuffer Input { get; }
    public RequestHead? Current { get; private set; }
    public bool BodyComplete => _body?.IsComplete ?? true;
    /// <summary>The client was told to send its body (or none was announced), so the body can be drained.</summary>
    public bool MayDrainBody => Current is null || !Current.ExpectContinue || _continueSent;
    /// <summary>Set when the socket was taken over (WebSocket hijack); the server then leaves it alone.</summary>
    public bool Hijacked { get; set; }

    /// <summary>
    /// When the head in progress must be complete (Environment.TickCount64), set by the poller at the
    /// request's first byte, so time spent queued for a thread counts; 0 until then.
    /// </summary>
    public long HeadDeadline { get; private set; }

    /// <summary>The poller saw the first byte of a request: the header timeout starts now.</summary>
    public void StartHeadClock() => HeadDeadline = Environment.TickCount64 + (long)_limits.HeaderTimeout.TotalMilliseconds;

    /// <summary>
    /// Whether the bytes already here, plus whatever the kernel holds without waiting, make a complete
    /// head (or a malformed one, which the thread will answer). Used by the poller at the deadline.
    /// </summary>
    public bool HeadArrivedOrBroken()
    {
        try
        {
            while (Socket.Available > 0)
            {
                var free = Input.GetFreeMemory();
                if (free.IsEmpty) return true;
                int n = Socket.Receive(free.Span);
                if (n == 0) break;
                Input.Advance(n);
            }
            return RequestHeadParser.TryParse(Input.Data, _limits, out _, out _);
        }
        catch (RequestRejected) { return true; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return false; }
    }

    /// <summary>Reads the next request head; null when the peer closed or stayed silent before sending one.</summary>
    public RequestHead? ReadHead()
    {
        long deadline = HeadDeadline != 0 ? HeadDeadline : Environment.TickCount64 + (long)_limits.HeaderTimeout.TotalMilliseconds;
        HeadDeadline = 0;
        while (true)
        {
            if (!Input.IsEmpty && RequestHeadParser.TryParse(Input.Data, _limits, out var head, out int consumed))
            {
                Input.Consume(consumed);
                Current = head;
                _body = new BodyDecoder(head, _limits);
                _continueSent = false;
                return head;
            }
            long left = deadline - Environment.TickCount64;
            if (!Input.IsEmpty && left <= 0) throw new RequestRejected(408, "request headers not received in time");
            // A head in progress waits at most until its deadline, however slowly its bytes trickle in.
            bool bounded = !Input.IsEmpty && left < _limits.HeaderTimeout.TotalMilliseconds;
            if (bounded) Socket.ReceiveTimeout = (int)Math.Max(1, left);
            int n = Receive(out bool timedOut);
            if (bounded) Socket.ReceiveTimeout = (int)_limits.HeaderTimeout.TotalMilliseconds;
            if (timedOut)
            {
                if (Input.IsEmpty) return null;
                throw new RequestRejected(408, "request headers not received in time");
            }
            if (n == 0)
            {
                if (Input.IsEmpty) return null;
                throw RequestRejected.BadRequest("connection closed before the request head was complete");
            }
        }
    }

    /// <summary>Reads decoded body bytes; 0 at the end of the body. Sends 100 Continue on the first read.</summary>
    public int ReadBody(Memory<byte> destination)
    {
        var body = _body ?? throw new InvalidOperationException("no request");
        if (body.IsComplete || destination.IsEmpty) return 0;
        if (Current!.ExpectContinue && !_continueSent)
        {
            // PEP 3333 option 2 (and uvicorn's): 100 Continue when the app first reads the body.
            Send("HTTP/1.1 100 Continue\r\n\r\n"u8);
            _continueSent = true;
        }
        while (true)
        {
            int n = body.Decode(Input.Data, destination.Span, out int consumed);
            Input.Consume(consumed);
            if (n > 0 || body.IsComplete) return n;
            int received = Receive(out bool timedOut);
            if (timedOut) throw new RequestRejected(408, "request body not received in time");
            if (received == 0) throw RequestRejected.BadRequest("connection closed before the request body was complete");
        }
    }

    /// <summary>Reads and discards what is left of the body so the next request can be parsed.</summary>
    public void DrainBody()
    {
        var scratch = new byte[16 * 1024];
        while (ReadBody(scratch) > 0) { }
    }

    public void Send(ReadOnlySpan<byte> data)
    {
        try
        {
            while (!data.IsEmpty)
            {
                int n = Socket.Send(data);
                data = data[n..];
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            throw new ClientDisconnected("client disconnected while sending", e);
        }
    }

    /// <summary>
    /// True when the peer has closed its side: readable with nothing to read. A streaming response checks
    /// this between chunks, so a departed SSE client frees its thread within one interval.
    /// </summary>
    public bool PeerClosed()
    {
        try { return Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0; }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return true; }
    }

    private int Receive(out bool timedOut)
    {
        timedOut = false;
        var free = Input.GetFreeMemory();
        if (free.IsEmpty) throw new RequestRejected(431, "request head too large");
        try
        {
            int n = Socket.Receive(free.Span);
            Input.Advance(n);
            return n;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            timedOut = true;
            return 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1 || Hijacked) return;
        try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        Socket.Dispose();
    }
}
