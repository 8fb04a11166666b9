using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Bench.Native;
using Bench.Servers.Http;
using static Bench.Native.LinuxNative;

namespace Bench.Servers.Asgi;

/// <summary>
/// A non-blocking client socket owned by one event loop: every recv and send happens on the loop thread,
/// the descriptor is registered edge-triggered once, and the loop's readiness events resume whoever
/// waits. Request heads and bodies come from the shared parser. There is at most one read in flight,
/// so a read started to watch for a disconnect is the same one the next request's parse waits on.
/// </summary>
internal sealed class AsyncConnection : IDisposable, IReadiness
{
    /// <summary>recv found nothing (EAGAIN), or the socket is not known to be readable.</summary>
    private const int WouldBlock = int.MinValue;

    private readonly EventLoop _loop;
    private readonly HttpLimits _limits;
    private readonly int _fd;
    private readonly int _slot;
    private readonly LoopSignal<int> _readReady = new();
    private LoopTimer? _readTimer;
    private bool _readWaiting;
    /// <summary>Edge-triggered state: data may be waiting. Cleared by EAGAIN or a short read, set by an EPOLLIN edge.</summary>
    private bool _readable = true;
    /// <summary>The peer's FIN or an error was reported: the next recv must run even after a short read.</summary>
    private bool _hangup;
    private Task<int>? _pendingRead;
    private byte[]? _unsent;
    private int _unsentStart;
    private int _unsentEnd;
    private TaskCompletionSource? _drained;
    private object[]? _client;
    private object[]? _server;
    private bool _disposed;

    public AsyncConnection(EventLoop loop, int fd, HttpLimits limits)
    {
        _loop = loop;
        _fd = fd;
        _limits = limits;
        Sockets.SetNoDelay(fd);
        Input = new InputBuffer(4096, limits.MaxRequestLineBytes + limits.MaxHeaderBytes + 4096);
        _slot = loop.Register(fd, this);
    }

    public EventLoop Loop => _loop;
    public InputBuffer Input { get; }
    /// <summary>Where a response is assembled before <see cref="FlushAsync"/>: the loop's, since nothing awaits in between.</summary>
    public ArrayBufferWriter<byte> Output => _loop.Output;

    /// <summary>After an upgrade the HTTP buffers are no longer needed; a held WebSocket keeps none.</summary>
    public void ReleaseHttpBuffers() => Input.ReleaseIfEmpty();

    /// <summary>The peer closed or reset; reads return 0.</summary>
    public bool PeerGone { get; private set; }

    /// <summary>
    /// A send failed, so later ones are dropped. An end of input alone does not stop sending: a client
    /// that half-closed after a truncated request still reads its 400 (RFC 9112 §9.6).
    /// </summary>
    private bool _sendFailed;

    /// <summary>ASGI scope <c>client</c> / <c>server</c>: [host, port], read once per connection.</summary>
    public object[]? Client => _client ??= AsPair(Sockets.RemoteEndPoint(_fd));
    public object[]? Server => _server ??= AsPair(Sockets.LocalEndPoint(_fd));

    private static object[]? AsPair(IPEndPoint? endPoint) => endPoint is null ? null : [endPoint.Address.ToString(), endPoint.Port];

    public void OnEvents(uint events)
    {
        if ((events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) != 0) _hangup = true;
        if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP)) != 0)
        {
            _readable = true;
            if (_readWaiting) ReceiveForReader();
        }
        if ((events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0 && _unsent is not null) FlushUnsent();
    }

    /// <summary>Next request head; null on a clean close or when the idle timeout passes before its first byte.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
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
                    Input.ReleaseIfEmpty();
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<byte[]> ReadBodyAsync(BodyDecoder body, int max)
    {
        if (body.IsComplete) return [];
        var chunk = new byte[max];
        while (true)
        {
            int n = body.Decode(Input.Data, chunk, out int consumed);
            Input.Consume(consumed);
            if (n > 0 || body.IsComplete)
            {
                Input.ReleaseIfEmpty();
                return n == max ? chunk : chunk[..n];
            }
            int received = await ReadMoreAsync(_limits.HeaderTimeout);
            if (received < 0) throw new RequestRejected(408, "request body not received in time");
            if (received == 0) throw RequestRejected.BadRequest("connection closed before the request body was complete");
        }
    }

    /// <summary>
    /// Receives more bytes into <see cref="Input"/>: the count, 0 when the peer closed, -1 on timeout.
    /// Joins the read already in flight if there is one. Completes synchronously when bytes are waiting.
    /// </summary>
    public ValueTask<int> ReadMoreAsync(TimeSpan timeout)
    {
        if (_pendingRead is { } pending)
        {
            if (!pending.IsCompleted) return new(timeout == Timeout.InfiniteTimeSpan ? pending : WithTimeoutAsync(pending, timeout));
            _pendingRead = null;
        }
        int n = TryReceive();
        return n != WouldBlock ? new(n) : WaitForInput(timeout);
    }

    private async Task<int> WithTimeoutAsync(Task<int> read, TimeSpan timeout)
    {
        var finished = await Task.WhenAny(read, _loop.Delay(timeout));
        return finished == read ? await read : -1;
    }

    /// <summary>A read that waits as long as it takes: used to notice a client leaving while the app streams.</summary>
    public Task<int> WatchAsync()
    {
        if (_pendingRead is { IsCompleted: false } pending) return pending;
        var read = ReadMoreAsync(Timeout.InfiniteTimeSpan).AsTask();
        _pendingRead = read.IsCompleted ? null : read;
        return read;
    }

    private int TryReceive()
    {
        if (PeerGone) return 0;
        if (!_readable) return WouldBlock;
        var free = Input.GetFreeMemory();
        if (free.IsEmpty) throw new RequestRejected(431, "request head too large");
        int n = Receive(free.Span);
        if (n > 0) Input.Advance(n);
        else Input.ReleaseIfEmpty();
        return n;
    }

    /// <summary>One recv: the count, 0 at the end of input, or WouldBlock. A short read clears the readable state (nginx does the same).</summary>
    private int Receive(Span<byte> destination)
    {
        _loop.Audit?.Record("recv");
        nint n = Sockets.Receive(_fd, destination);
        if (n > 0)
        {
            if (n < destination.Length && !_hangup) _readable = false;
            return (int)n;
        }
        if (n == -EAGAIN)
        {
            _readable = false;
            return WouldBlock;
        }
        if (n == -EINTR) return WouldBlock;
        PeerGone = true;
        if (n < 0) _sendFailed = true;
        return 0;
    }

    /// <summary>
    /// Parks the reader until the loop sees an input edge, receives for it, and resumes it with the count
    /// (0 at the end of input or when the connection closed, -1 at the deadline). No state machine of
    /// its own: the awaiting parser resumes inline, in the loop's turn.
    /// </summary>
    private ValueTask<int> WaitForInput(TimeSpan timeout)
    {
        if (_disposed) return new(0);
        _readReady.Reset();
        _readWaiting = true;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _readTimer ??= new LoopTimer(static s => ((AsyncConnection)s!).ReadTimedOut(), this);
            _loop.Arm(_readTimer, LoopTimers.After(timeout));
        }
        return _readReady.Task;
    }

    /// <summary>On an input edge while a reader waits: the recv is done here, and the reader resumes with its result.</summary>
    private void ReceiveForReader()
    {
        int n;
        try { n = TryReceive(); }
        catch (RequestRejected error)
        {
            _readWaiting = false;
            if (_readTimer is not null) LoopTimers.Disarm(_readTimer);
            _readReady.SetException(error);
            return;
        }
        if (n != WouldBlock) WakeReader(n);
    }

    private void ReadTimedOut()
    {
        if (_readWaiting) WakeReader(-1);
    }

    private void WakeReader(int result)
    {
        _readWaiting = false;
        if (_readTimer is not null) LoopTimers.Disarm(_readTimer);
        _readReady.SetResult(result);
    }

    /// <summary>Sends <see cref="Output"/> and clears it; completes when the kernel took every byte (that is the backpressure).</summary>
    public ValueTask FlushAsync()
    {
        var output = _loop.Output;
        if (output.WrittenCount == 0) return ValueTask.CompletedTask;
        try { return SendAsync(output.WrittenMemory); }
        finally { output.ResetWrittenCount(); }
    }

    /// <summary>
    /// Writes to the socket at once; only what the kernel did not take is copied and queued, and the
    /// returned task completes when that is written too (or the connection failed).
    /// </summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_sendFailed || bytes.IsEmpty) return ValueTask.CompletedTask;
        var span = bytes.Span;
        if (_unsent is null)
        {
            int sent = SendNow(span);
            if (sent == span.Length || _sendFailed) return ValueTask.CompletedTask;
            span = span[sent..];
        }
        Queue(span);
        _drained ??= new TaskCompletionSource();
        return new ValueTask(_drained.Task);
    }

    private int SendNow(ReadOnlySpan<byte> bytes)
    {
        int total = 0;
        while (total < bytes.Length)
        {
            _loop.Audit?.Record("send");
            nint n = Sockets.Send(_fd, bytes[total..]);
            if (n >= 0) { total += (int)n; continue; }
            if (n == -EINTR) continue;
            if (n != -EAGAIN) FailSends();
            break;
        }
        return total;
    }

    private void Queue(ReadOnlySpan<byte> bytes)
    {
        int pending = _unsentEnd - _unsentStart;
        if (_unsent is null || _unsentEnd + bytes.Length > _unsent.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(pending + bytes.Length, 4096));
            if (_unsent is not null)
            {
                _unsent.AsSpan(_unsentStart, pending).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_unsent);
            }
            _unsent = bigger;
            _unsentStart = 0;
            _unsentEnd = pending;
        }
        bytes.CopyTo(_unsent.AsSpan(_unsentEnd));
        _unsentEnd += bytes.Length;
    }

    /// <summary>On an output edge: writes what was queued; when all of it went (or the socket failed) the senders resume.</summary>
    private void FlushUnsent()
    {
        if (!_sendFailed)
        {
            _unsentStart += SendNow(_unsent.AsSpan(_unsentStart, _unsentEnd - _unsentStart));
            if (_unsentStart < _unsentEnd && !_sendFailed) return;
        }
        ReleaseUnsent();
    }

    private void ReleaseUnsent()
    {
        if (_unsent is not null) ArrayPool<byte>.Shared.Return(_unsent);
        _unsent = null;
        _unsentStart = _unsentEnd = 0;
        var drained = _drained;
        _drained = null;
        drained?.TrySetResult();
    }

    private void FailSends()
    {
        PeerGone = _sendFailed = true;
    }

    /// <summary>
    /// Ends reading without closing: a pending read returns 0 and later ones too (a WebSocket whose peer
    /// missed its ping deadline). The descriptor is closed by <see cref="Dispose"/>, when the connection's
    /// handler is done.
    /// </summary>
    public void AbortReads()
    {
        if (!_loop.IsOnLoop)
        {
            _loop.Post(static s => ((AsyncConnection)s!).AbortReads(), this);
            return;
        }
        PeerGone = true;
        if (_readWaiting) WakeReader(0);
    }

    /// <summary>Closes the descriptor on the loop thread (posted there when called from elsewhere).</summary>
    public void Dispose()
    {
        if (!_loop.IsOnLoop)
        {
            _loop.Post(static s => ((AsyncConnection)s!).Dispose(), this);
            return;
        }
        if (_disposed) return;
        _disposed = true;
        PeerGone = _sendFailed = true;
        _loop.Unregister(_slot);
        _loop.Audit?.Record("close");
        Sockets.Shutdown(_fd, SHUT_RDWR);
        Sockets.Close(_fd);
        if (_readWaiting) WakeReader(0);
        ReleaseUnsent();
        Input.ReleaseIfEmpty();
    }
}
