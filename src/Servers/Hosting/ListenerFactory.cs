using System.Net;
using System.Net.Sockets;

namespace Bench.Servers.Hosting;

/// <summary>Binds the listening socket the twins share between their workers.</summary>
public static class ListenerFactory
{
    public static Socket Bind(string host, int port, int backlog)
    {
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(backlog);
        return socket;
    }
}
