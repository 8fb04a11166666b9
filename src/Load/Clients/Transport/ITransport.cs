using System.Net;

namespace Bench.Load.Clients.Transport;

/// <summary>
/// A byte stream to the target, one per user, for every scenario (HTTP, SSE, WebSocket, hold).
/// Failures throw <see cref="System.Net.Sockets.SocketException"/> with the matching
/// <see cref="System.Net.Sockets.SocketError"/>, so one classifier serves every transport.
/// At most one send (or connect), one receive and one delay are pending at a time. The
/// connection's deadline (connect, response, next event) lives here too, enforced by one
/// watchdog per event loop: a user only stores a deadline, never registers a callback.
/// </summary>
public interface ITransport : IDisposable
{
    bool IsOpen { get; }

    /// <summary>Connects, from <paramref name="source"/> when given (a loopback source address; the port is still the kernel's).</summary>
    ValueTask ConnectAsync(IPEndPoint endpoint, IPAddress? source = null);

    ValueTask<int> SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Returns 0 when the peer closed the stream.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>
    /// Waits until bytes (or the peer's close) can be read, holding no buffer meanwhile: an idle
    /// stream then costs no memory for its next read, which <see cref="TryReceive"/> makes into a
    /// buffer the caller borrows only while it has bytes in hand.
    /// </summary>
    ValueTask WaitReadableAsync();

    /// <summary>Reads what is there without waiting: the count, 0 when the peer closed, -1 when nothing was there.</summary>
    int TryReceive(Span<byte> buffer);

    /// <summary>From any thread: fails pending operations (timeout, abort). The owner still calls <see cref="Close"/>.</summary>
    void Shutdown();

    /// <summary>From the owner only, with nothing pending: releases the connection; the transport may connect again.</summary>
    void Close();

    /// <summary>
    /// Completes at or after <paramref name="timestamp"/> (Stopwatch ticks), never early, with
    /// true; with false at once or as soon as <see cref="Wake"/> is called, if <paramref name="wakeable"/>.
    /// </summary>
    ValueTask<bool> DelayUntilAsync(long timestamp, bool wakeable = true);

    /// <summary>From any thread: ends the pending wakeable delay and every later one (the hold is over).</summary>
    void Wake();

    /// <summary>Starts the timeout clock: the connection is shut down if <see cref="Disarm"/> does not come within <paramref name="ticks"/>.</summary>
    void Arm(long ticks);

    /// <summary>Stops the timeout clock; false if it had already expired (the pending operation failed because of it).</summary>
    bool Disarm();

    /// <summary>The watchdog shut the connection down because a deadline passed; cleared by <see cref="ResetDeadline"/>.</summary>
    bool TimedOut { get; }

    /// <summary>Clears a past expiry before a reconnect, so the next attempt is judged on its own.</summary>
    void ResetDeadline();
}

/// <summary>Creates the transports of one scenario (the event loops themselves are shared by the process).</summary>
public interface ITransportFactory : IDisposable
{
    string Name { get; }

    ITransport Create(int vuIndex);
}
