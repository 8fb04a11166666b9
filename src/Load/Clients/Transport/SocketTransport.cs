using System.Net;
using System.Net.Sockets;
using Bench.Load.Metrics;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// Transport on <see cref="Socket"/> and the runtime's own epoll engine: portable (any OS,
/// any CPU), used where <see cref="EpollTransport"/> is not available.
/// </summary>
public sealed class SocketTransport : ITransport
{
    private Socket? _socket;

    public bool IsOpen => _socket is not null;

    public ValueTask ConnectAsync(IPEndPoint endpoint)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        return new ValueTask(_socket.ConnectAsync(endpoint));
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data) => Live().SendAsync(data, SocketFlags.None);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer) => Live().ReceiveAsync(buffer, SocketFlags.None);

    public void Shutdown() => Volatile.Read(ref _socket)?.Dispose();

    public void Close() => Interlocked.Exchange(ref _socket, null)?.Dispose();

    public void Dispose() => Close();

    public ValueTask DelayUntilAsync(long timestamp)
    {
        // Timer ticks are whole milliseconds: round up so the wait never ends early.
        double ms = Math.Ceiling(Clock.ToTimeSpan(timestamp - Clock.Now).TotalMilliseconds);
        return ms <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(ms)));
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
