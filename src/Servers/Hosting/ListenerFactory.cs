using System.Net;
using System.Net.Sockets;

namespace Bench.Servers.Hosting;

/// <summary>Binds listening sockets: one shared by the WSGI twin's workers, or one per ASGI loop.</summary>
public static class ListenerFactory
{
    public static Socket Bind(string host, int port, int backlog)
    {
        var address = Address(host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(backlog);
        return socket;
    }

    /// <summary>
    /// <paramref name="count"/> non-blocking listening descriptors on one port, each for its own event loop.
    /// More than one, or <paramref name="reusePort"/>, binds them with SO_REUSEPORT; port 0 picks a free
    /// port with the first and binds the others to it.
    /// </summary>
    public static int[] BindNative(string host, int port, int backlog, int count, bool reusePort)
    {
        var address = Address(host);
        var fds = new List<int>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var endPoint = new IPEndPoint(address, i == 0 ? port : Bench.Native.Sockets.LocalEndPoint(fds[0])!.Port);
                fds.Add(Bench.Native.Sockets.Listen(endPoint, backlog, reusePort || count > 1));
            }
            return [.. fds];
        }
        catch
        {
            foreach (var fd in fds) Bench.Native.Sockets.Close(fd);
            throw;
        }
    }

    private static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
