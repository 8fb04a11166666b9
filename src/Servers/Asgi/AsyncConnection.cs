using System.Buffers;
using System.Net.Sockets;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>
/// A client socket driven by awaits on the event loop: request heads and bodies come from the shared
/// parser, and there is at most one read in flight, so a read started to watch for a disconnect is
/// the same one the next request's parse waits on.
/// </summary>
internal sealed class AsyncConnection : IDisposable
{
    private readonly HttpLimits _limits;
    private CancellationTokenSource _timeout = new();
    private Task<int>? _pendingRead;
    private int _disposed;

    public AsyncConnection(Socket socket, HttpLimits limits)
    {
        Socket = socket;
        _limits = limits;
        socket.NoDelay = true;
        Input = new InputBuffer(4096, limits.MaxRequestLineBytes + limits.MaxHeaderBytes + 4096);
    }

    public Socket Socket { get; }
    public InputBuffer Input { get; }
    /// <summary>Where a response is assembled before one send; created small, dropped when the connection is upgraded.</summary>
    public ArrayBufferWriter<byte> Output => _output ??= new ArrayBufferWriter<byte>(512);
    private ArrayBufferWriter<byte>? _output;

    /// <summary>After an upgrade the HTTP buffers are no longer needed; a held WebSocket keeps neither.</summary>
    public void ReleaseHttpBuffers()
    {
        _output = null;
        Input.ReleaseIfEmpty();
    }
    /// <summary>The peer closed or reset; reads return 0.</summary>
    public bool PeerGone { get; private set; }

    /// <summary>
    /// A send failed, so later ones are dropped. An end of input alone does not stop sending: a client
    /// that half-closed after a truncated request still reads its 400 (RFC 9112 §9.6).
    /// </summary>
    private bool _sendFailed;

    /// <summary>Next request head; null on a clean close or when the idle timeout passes before its first byte.</summary>
    public async ValueTask<RequestHead?> ReadHeadAsync(TimeSpan idleTimeout)
    {
        long deadline = 0;
        while (true)
        {
            if (!Input.IsEmpty)
            {
                if (RequestHeadParser.TryParse(Input.Data, _limits, out var head, out int consumed))
                {
                    Input.Consume(consumed);
                    return head;
                }
                if (deadline == 0) deadline = Environment.TickCount64 + (long)_limits.HeaderTimeout.TotalMilliseconds;
            }
            var wait = Input.IsEmpty ? idleTimeout : TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64));
            int n = await ReadMoreAsync(wait);
            if (n < 0)
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

    /// <summary>Reads up to <paramref name="max"/> decoded body bytes; an empty array at the end of the body.</summary>
    public async ValueTask<byte[]> ReadBodyAsync(BodyDecoder body, int max)
    {
        if (body.IsComplete) return [];
        var chunk = new byte[max];
        while (true)
        {
            int n = body.Decode(Input.Data, chunk, out int consumed);
            Input.Consume(consumed);
            if (n > 0 || body.IsComplete) return n == max ? chunk : chunk[..n];
            int received = await ReadMoreAsync(_limits.HeaderTimeout);
            if (received < 0) throw new RequestRejected(408, "request body not received in time");
            if (received == 0) throw RequestRejected.BadRequest("connection closed before the request body was complete");
        }
    }

    /// <summary>
    /// Receives more bytes into <see cref="Input"/>: the count, 0 when the peer closed, -1 on timeout.
    /// Joins the read already in flight if there is one.
    /// </summary>
    public Task<int> ReadMoreAsync(TimeSpan timeout)
    {
        if (_pendingRead is { } pending)
        {
            return timeout == Timeout.InfiniteTimeSpan ? pending : WithTimeoutAsync(pending, timeout);
        }
        var read = ReceiveAsync(timeout);
        if (!read.IsCompleted) _pendingRead = read;
        return read;
    }

    private static async Task<int> WithTimeoutAsync(Task<int> read, TimeSpan timeout)
    {
        var finished = await Task.WhenAny(read, Task.Delay(timeout));
        return finished == read ? await read : -1;
    }

    /// <summary>A read that waits as long as it takes: used to notice a client leaving while the app streams.</summary>
    public Task<int> WatchAsync() => ReadMoreAsync(Timeout.InfiniteTimeSpan);

    private async Task<int> ReceiveAsync(TimeSpan timeout)
    {
        try
        {
            if (PeerGone) return 0;
            if (!_timeout.TryReset()) { _timeout.Dispose(); _timeout = new CancellationTokenSource(); }
            if (timeout != Timeout.InfiniteTimeSpan) _timeout.CancelAfter(timeout);
            if (Input.IsEmpty)
            {
                // Wait for data before holding a buffer: an idle keep-alive or streaming connection
                // then costs no receive buffer (Kestrel's WaitForDataBeforeAllocatingBuffer).
                Input.ReleaseIfEmpty();
                await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, _timeout.Token);
            }
            var free = Input.GetFreeMemory();
            if (free.IsEmpty) throw new RequestRejected(431, "request head too large");
            int n = await Socket.ReceiveAsync(free, SocketFlags.None, _timeout.Token);
            Input.Advance(n);
            if (n == 0) PeerGone = true;
            return n;
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            PeerGone = _sendFailed = true;
            return 0;
        }
        finally
        {
            _pendingRead = null;
        }
    }

    /// <summary>Sends <see cref="Output"/> and clears it; completes when the kernel took every byte (that is the backpressure).</summary>
    public async ValueTask FlushAsync()
    {
        if (Output.WrittenCount == 0) return;
        try
        {
            if (!_sendFailed) await Socket.SendAsync(Output.WrittenMemory, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            PeerGone = _sendFailed = true;
        }
        finally
        {
            Output.ResetWrittenCount();
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            if (!_sendFailed) await Socket.SendAsync(bytes, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            PeerGone = _sendFailed = true;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        PeerGone = _sendFailed = true;
        try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        Socket.Dispose();
        _timeout.Dispose();
        _output = null;
    }
}
