using System.Net;
using System.Net.Sockets;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// Opens the client sockets of one scenario: TCP_NODELAY, an optional loopback source address
/// (round-robin), and failures mapped onto Bench's error taxonomy, with descriptor and port
/// exhaustion counted apart because their cures differ (ulimit -n vs --source-addresses).
/// </summary>
public sealed class Connector(IPEndPoint target, SourceAddresses sources)
{
    // IP_BIND_ADDRESS_NO_PORT (linux/in.h): bind() picks the address now but the port at
    // connect(), so each (source, destination) pair gets the whole ephemeral range.
    private const int IpBindAddressNoPort = 24;

    public IPEndPoint Target => target;

    public SourceAddresses Sources => sources;

    /// <summary>A new unconnected socket; throws <see cref="SocketException"/> (EMFILE) when descriptors ran out.</summary>
    public Socket NewSocket()
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (sources.Next() is { } source)
        {
            try
            {
                if (OperatingSystem.IsLinux()) socket.SetRawSocketOption(0 /* SOL_IP */, IpBindAddressNoPort, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(source, 0));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        return socket;
    }

    public static ErrorKind Classify(Exception ex, bool connecting) => ex switch
    {
        SocketException s => SocketErrors.Classify(s.SocketErrorCode, connecting),
        IOException { InnerException: SocketException s } => SocketErrors.Classify(s.SocketErrorCode, connecting),
        IOException => ErrorKind.Reset,
        InvalidDataException => ErrorKind.Protocol,
        _ => ErrorKind.Other,
    };

    /// <summary>Counts descriptor and port exhaustion under the shared counter names, when the layout has them.</summary>
    public static void CountExhaustion(Exception ex, StreamMetrics metrics, int descriptorsCounter, int portsCounter)
    {
        var code = ex switch
        {
            SocketException s => s.SocketErrorCode,
            IOException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => SocketError.Success,
        };
        if (code is SocketError.TooManyOpenSockets) metrics.Count(descriptorsCounter);
        else if (code is SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse) metrics.Count(portsCounter);
    }
}
