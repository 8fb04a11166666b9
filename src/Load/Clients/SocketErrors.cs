using System.Net.Sockets;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;

namespace Bench.Load.Clients;

/// <summary>Maps socket failures onto Bench's error taxonomy.</summary>
public static class SocketErrors
{
    public static ErrorKind Classify(SocketError error, bool connecting) => error switch
    {
        SocketError.ConnectionRefused => ErrorKind.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
            or SocketError.NotConnected or SocketError.Disconnecting => ErrorKind.Reset,
        SocketError.TimedOut => connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout,
        // EMFILE/ENFILE, EADDRNOTAVAIL (ephemeral ports used up), ENOBUFS: the generator's own limits.
        SocketError.TooManyOpenSockets or SocketError.AddressNotAvailable or SocketError.NoBufferSpaceAvailable
            or SocketError.AddressAlreadyInUse => ErrorKind.Exhausted,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostNotFound => ErrorKind.Refused,
        _ => ErrorKind.Other,
    };
}
