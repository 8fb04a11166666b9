using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using Bench.Load.Metrics;
using Bench.Native;
using static Bench.Native.LinuxNative;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// A non-blocking socket driven by an <see cref="EpollLoop"/>. Sends go straight to send(2)
/// (a request or a message fits the socket buffer); receives never try a read that would fail
/// with EAGAIN, they wait for readiness and read once, as wrk does. Completions, timers and
/// wake-ups all run the awaiting user inline on the loop thread. Operations may be started from
/// any thread; a lock per connection, not contended in practice, orders them against the loop.
/// </summary>
internal sealed unsafe class EpollTransport : TransportBase, ITransport, ILoopTimer
{
    private static long s_generation;

    private readonly EpollLoop _loop;
    private readonly int _slot;
    private readonly Lock _lock = new();
    private readonly Operation _read = new();
    private readonly Operation _write = new();
    private readonly Operation _timer = new();

    private int _fd = -1;
    private uint _generation;
    private uint _interest;
    private bool _registered;
    private bool _connectPending;
    private bool _readPending;
    private bool _readinessOnly;
    private Memory<byte> _readBuffer;
    private ReadOnlyMemory<byte> _unsent;
    private int _sent;
    private bool _writePending;
    private long _timerToken;
    private long _timerDue;
    private bool _timerPending;
    private bool _timerWakeable;
    private volatile bool _woken;

    public EpollTransport(EpollLoop loop)
    {
        _loop = loop;
        _slot = loop.Register(this);
    }

    public bool IsOpen => Volatile.Read(ref _fd) >= 0;

    private ulong Data => ((ulong)_generation << 32) | (uint)_slot;

    public ValueTask ConnectAsync(IPEndPoint endpoint, IPAddress? source = null)
    {
        int fd = socket(endpoint.AddressFamily == AddressFamily.InterNetwork ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) throw Error(Errno);
        Sockets.SetNoDelay(fd);
        byte* address = stackalloc byte[SockAddr.MaxLength];
        if (source is not null)
        {
            // IP_BIND_ADDRESS_NO_PORT: bind() picks the address now but the port at connect(), so
            // each (source, destination) pair gets the whole ephemeral range.
            Sockets.SetOption(fd, SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1);
            int localLength = SockAddr.Write(new IPEndPoint(source, 0), new Span<byte>(address, SockAddr.MaxLength));
            if (bind(fd, address, (uint)localLength) != 0)
            {
                int errno = Errno;
                close(fd);
                throw Error(errno);
            }
        }
        int length = SockAddr.Write(endpoint, new Span<byte>(address, SockAddr.MaxLength));
        _write.Reset();
        lock (_lock)
        {
            _fd = fd;
            _generation = (uint)Interlocked.Increment(ref s_generation);
            _connectPending = true;
            int rc = connect(fd, address, (uint)length);
            int errno = rc == 0 ? 0 : Errno;
            if (rc != 0 && errno != EINPROGRESS)
            {
                _connectPending = false;
                CloseLocked();
                throw Error(errno);
            }
            // Connected at once or not: epoll reports writability when the handshake is done.
            SetInterest(EPOLLOUT);
        }
        return new ValueTask(_write, _write.Version);
    }

    private static System.Net.Sockets.SocketException Error(int errno) => NativeErrors.ToSocketException(errno);

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data)
    {
        int fd = Volatile.Read(ref _fd);
        if (fd < 0) throw Error(ENOTCONN);
        int total = 0;
        fixed (byte* p = data.Span)
        {
            while (total < data.Length)
            {
                nint n = send(fd, p + total, data.Length - total, MSG_NOSIGNAL);
                if (n >= 0)
                {
                    total += (int)n;
                    continue;
                }
                int errno = Errno;
                if (errno == EINTR) continue;
                if (errno == EAGAIN) break;
                throw Error(errno);
            }
        }
        if (total == data.Length) return new ValueTask<int>(total);

        // The socket buffer is full (large bodies, a slow reader): finish when epoll says it drained.
        _write.Reset();
        lock (_lock)
        {
            _unsent = data[total..];
            _sent = total;
            _writePending = true;
            SetInterest(_interest | EPOLLOUT);
        }
        return new ValueTask<int>(_write, _write.Version);
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => new(_read, StartRead(buffer, readinessOnly: false));

    public ValueTask WaitReadableAsync() => new(_read, StartRead(default, readinessOnly: true));

    public int TryReceive(Span<byte> buffer)
    {
        int fd = Volatile.Read(ref _fd);
        if (fd < 0) throw Error(ENOTCONN);
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = recv(fd, p, buffer.Length, 0);
            if (n >= 0) return (int)n;
            int errno = Errno;
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return -1;
            throw Error(errno);
        }
    }

    /// <summary>Registers the one pending read; returns the version its awaitable carries.</summary>
    private short StartRead(Memory<byte> buffer, bool readinessOnly)
    {
        _read.Reset();
        lock (_lock)
        {
            if (_fd < 0) throw Error(ENOTCONN);
            _readBuffer = buffer;
            _readinessOnly = readinessOnly;
            _readPending = true;
            if ((_interest & EPOLLIN) == 0 || !_registered) SetInterest(_interest | EPOLLIN);
        }
        return _read.Version;
    }

    /// <summary>Waits on this connection's loop, so the user resumes there, on time; the timer is an entry in the loop's queue, not an object.</summary>
    public ValueTask<bool> DelayUntilAsync(long timestamp, bool wakeable = true)
    {
        if (wakeable && _woken) return new ValueTask<bool>(false);
        if (timestamp <= Clock.Now) return new ValueTask<bool>(true);
        _timer.Reset();
        long token;
        lock (_lock)
        {
            token = ++_timerToken;
            _timerDue = timestamp;
            _timerWakeable = wakeable;
            _timerPending = true;
        }
        _loop.Schedule(this, token, timestamp);
        // Wake may have run between the check above and the pending flag: it scheduled nothing for this token.
        if (wakeable && _woken) _loop.Schedule(this, token, Clock.Now);
        return new ValueTask<bool>(_timer, _timer.Version);
    }

    public void Wake()
    {
        _woken = true;
        long token;
        lock (_lock)
        {
            if (!_timerPending || !_timerWakeable) return;
            token = _timerToken;
        }
        _loop.Schedule(this, token, Clock.Now);
    }

    /// <summary>On the loop thread: a timer entry came due; only the current wait's token completes it.</summary>
    public void OnTimer(long token)
    {
        bool elapsed;
        lock (_lock)
        {
            if (!_timerPending || token != _timerToken) return;
            elapsed = Clock.Now >= _timerDue;
            if (!elapsed && !(_timerWakeable && _woken)) return; // an early wake entry for a wait that ignores wakes
            _timerPending = false;
        }
        _timer.SetResult(elapsed ? 1 : 0);
    }

    /// <summary>Runs on the loop thread for each readiness report.</summary>
    internal void OnEvents(uint generation, uint events)
    {
        int readResult = 0, writeResult = 0;
        SocketException? readError = null, writeError = null;
        bool completeRead = false, completeWrite = false;
        lock (_lock)
        {
            if (generation != _generation || _fd < 0) return;
            bool failed = (events & (EPOLLERR | EPOLLHUP)) != 0;
            if (_connectPending && ((events & EPOLLOUT) != 0 || failed))
            {
                int error = 0;
                uint length = sizeof(int);
                getsockopt(_fd, SOL_SOCKET, SO_ERROR, &error, &length);
                _connectPending = false;
                completeWrite = true;
                if (error != 0) writeError = Error(error);
                SetInterest(EPOLLIN);
            }
            else if (_writePending && ((events & EPOLLOUT) != 0 || failed))
            {
                completeWrite = ContinueWrite(out writeResult, out writeError);
            }

            if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0 && !_connectPending)
            {
                if (_readPending && _readinessOnly)
                {
                    // The reader takes the bytes itself, into a buffer it borrows now (TryReceive).
                    _readPending = false;
                    completeRead = true;
                }
                else if (_readPending)
                {
                    nint n;
                    fixed (byte* p = _readBuffer.Span) n = recv(_fd, p, _readBuffer.Length, 0);
                    int errno = n < 0 ? Errno : 0;
                    if (n >= 0 || (errno != EAGAIN && errno != EINTR))
                    {
                        _readPending = false;
                        _readBuffer = default; // the reader's buffer is not ours to keep between reads
                        completeRead = true;
                        readResult = (int)Math.Max(0, n);
                        if (n < 0) readError = Error(errno);
                    }
                }
                else if (!_writePending)
                {
                    // Readable while nobody reads (the peer's FIN or stray bytes): stop listening until
                    // the next receive, which will see it; level-triggered epoll would report it forever.
                    _loop.Remove(_fd);
                    _registered = false;
                    _interest = 0;
                }
            }
        }
        if (completeWrite)
        {
            if (writeError is null) _write.SetResult(writeResult);
            else _write.SetException(writeError);
        }
        if (completeRead)
        {
            if (readError is null) _read.SetResult(readResult);
            else _read.SetException(readError);
        }
    }

    private bool ContinueWrite(out int result, out SocketException? error)
    {
        result = 0;
        error = null;
        fixed (byte* p = _unsent.Span)
        {
            nint n = send(_fd, p, _unsent.Length, MSG_NOSIGNAL);
            if (n < 0)
            {
                int errno = Errno;
                if (errno is EAGAIN or EINTR) return false;
                error = Error(errno);
            }
            else
            {
                _sent += (int)n;
                _unsent = _unsent[(int)n..];
                if (_unsent.Length > 0) return false;
                result = _sent;
            }
        }
        _unsent = default;
        _writePending = false;
        SetInterest(_interest & ~EPOLLOUT);
        return true;
    }

    private void SetInterest(uint interest)
    {
        if (_registered && interest == _interest) return;
        _loop.Control(_fd, Data, interest, add: !_registered);
        _registered = true;
        _interest = interest;
    }

    /// <summary>Timeouts and aborts: shutdown(2) wakes a pending read with EOF; a pending connect is failed here.</summary>
    public override void Shutdown()
    {
        bool failConnect = false;
        lock (_lock)
        {
            if (_fd < 0) return;
            shutdown(_fd, SHUT_RDWR);
            if (_connectPending)
            {
                _connectPending = false;
                failConnect = true;
            }
        }
        if (failConnect) _write.SetException(Error(ECONNABORTED));
    }

    public void Close()
    {
        lock (_lock) CloseLocked();
    }

    private void CloseLocked()
    {
        if (_fd < 0) return;
        // close(2) also drops the epoll registration; stale events are ignored by generation.
        close(_fd);
        _fd = -1;
        _generation = 0;
        _registered = false;
        _interest = 0;
        _readPending = _writePending = _connectPending = false;
        _readBuffer = default;
        _unsent = default;
    }

    public void Dispose()
    {
        Close();
        _loop.Unregister(_slot);
    }

    /// <summary>
    /// A reusable awaitable: continuations run inline on the completing (loop) thread. Taking the
    /// result resets it, so a finished operation does not keep its awaiter's state machine alive
    /// (the connect's would otherwise stay referenced for the whole life of an idle connection).
    /// </summary>
    private sealed class Operation : IValueTaskSource<int>, IValueTaskSource, IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public short Version => _core.Version;

        public void Reset() => _core.Reset();

        public void SetResult(int value) => _core.SetResult(value);

        public void SetException(Exception error) => _core.SetException(error);

        public int GetResult(short token)
        {
            // Only the awaiter of the current, finished operation resets it; a stale token or an early call just throws.
            bool current = token == _core.Version && _core.GetStatus(token) != ValueTaskSourceStatus.Pending;
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                if (current) _core.Reset();
            }
        }

        void IValueTaskSource.GetResult(short token) => GetResult(token);

        bool IValueTaskSource<bool>.GetResult(short token) => GetResult(token) != 0;

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>Transports on the process's shared loops (one per CPU it may use), users spread round-robin.</summary>
    public sealed class Factory : ITransportFactory
    {
        public string Name => "epoll";

        public ITransport Create(int vuIndex) => new EpollTransport(EventLoops.For(vuIndex));

        public void Dispose()
        {
        }
    }
}
