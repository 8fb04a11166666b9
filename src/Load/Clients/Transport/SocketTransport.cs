using System.Net;
using System.Net.Sockets;
using Bench.Load.Metrics;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// Transport on <see cref="Socket"/> and the runtime's own epoll engine: portable (any OS,
/// any CPU), used where <see cref="EpollTransport"/> is not available. Its deadlines are
/// enforced by <see cref="TimeoutWatchdog"/>'s timer instead of an event loop's scan.
/// </summary>
public sealed class SocketTransport : TransportBase, ITransport
{
    // IP_BIND_ADDRESS_NO_PORT (linux/in.h): the port is chosen at connect(), per destination.
    private const int IpBindAddressNoPort = 24;

    private Socket? _socket;
    private readonly CancellationTokenSource _wake = new();

    public SocketTransport() => TimeoutWatchdog.Shared.Add(this);

    public bool IsOpen => _socket is not null;

    public ValueTask ConnectAsync(IPEndPoint endpoint, IPAddress? source = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(0 /* SOL_IP */, IpBindAddressNoPort, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(source, 0));
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return new ValueTask(socket.ConnectAsync(endpoint));
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data) => Live().SendAsync(data, SocketFlags.None);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => Live().ReceiveAsync(buffer, SocketFlags.None);

    // A zero-byte receive completes when data (or the close) arrives, without taking any.
    public async ValueTask WaitReadableAsync() => await Live().ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);

    public int TryReceive(Span<byte> buffer)
    {
        var socket = Live();
        if (socket.Available > 0) return socket.Receive(buffer, SocketFlags.None);
        // Readable with nothing available is the peer's close.
        return socket.Poll(0, SelectMode.SelectRead) ? 0 : -1;
    }

    public override void Shutdown() => Volatile.Read(ref _socket)?.Dispose();

    public void Close() => Interlocked.Exchange(ref _socket, null)?.Dispose();

    public void Dispose()
    {
        TimeoutWatchdog.Shared.Remove(this);
        Close();
        _wake.Dispose();
    }

    public async ValueTask<bool> DelayUntilAsync(long timestamp, bool wakeable = true)
    {
        if (wakeable && _wake.IsCancellationRequested) return false;
        // Timer ticks are whole milliseconds: round up so the wait never ends early.
        double ms = Math.Ceiling(Clock.ToTimeSpan(timestamp - Clock.Now).TotalMilliseconds);
        if (ms <= 0) return true;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(ms), wakeable ? _wake.Token : CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Wake()
    {
        try
        {
            _wake.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Socket Live() => _socket ?? throw new SocketException((int)SocketError.NotConnected);

    public sealed class Factory : ITransportFactory
    {
        public string Name => "sockets";

        public ITransport Create(int vuIndex) => new SocketTransport();

        public void Dispose()
        {
        }
    }
}
