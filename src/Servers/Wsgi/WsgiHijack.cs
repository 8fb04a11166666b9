using System.Net.Sockets;

namespace Bench.Servers.Wsgi;

/// <summary>
/// environ["bench.hijack"] with <c>--ws hijack</c>: the gevent-style escape hatch (gunicorn.socket). The
/// app takes the raw socket, speaks its own protocol on it, and keeps its thread until it is done.
/// </summary>
public sealed class WsgiHijack
{
    private readonly BlockingConnection _connection;

    internal WsgiHijack(BlockingConnection connection) => _connection = connection;

    /// <summary>Takes the socket over; bytes already received after the request head come with it.</summary>
    public (Socket Socket, byte[] Buffered) Take()
    {
        _connection.Hijacked = true;
        var buffered = _connection.Input.Data.ToArray();
        _connection.Input.Consume(buffered.Length);
        return (_connection.Socket, buffered);
    }
}
