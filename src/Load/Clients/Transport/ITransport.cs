using System.Net;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// A byte stream to the target, one per VU. Failures throw <see cref="System.Net.Sockets.SocketException"/>
/// with the matching <see cref="System.Net.Sockets.SocketError"/>, so one classifier serves every transport.
/// At most one send (or connect) and one receive are pending at a time.
/// </summary>
public interface ITransport : IDisposable
{
    bool IsOpen { get; }

    ValueTask ConnectAsync(IPEndPoint endpoint);

    ValueTask<int> SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Returns 0 when the peer closed the stream.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>From any thread: fails pending operations (timeout, abort). The owner still calls <see cref="Close"/>.</summary>
    void Shutdown();

    /// <summary>From the owner only, with nothing pending: releases the connection; the transport may connect again.</summary>
    void Close();

    /// <summary>Completes at or after <paramref name="timestamp"/> (Stopwatch ticks); never early.</summary>
    ValueTask DelayUntilAsync(long timestamp);
}

/// <summary>Creates the transports of one scenario and owns what they share (e.g. event loops).</summary>
public interface ITransportFactory : IDisposable
{
    string Name { get; }

    ITransport Create(int vuIndex);
}
