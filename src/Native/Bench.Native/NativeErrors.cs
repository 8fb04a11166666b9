using System.Net.Sockets;

namespace Bench.Native;

/// <summary>errno values turned into what .NET code already classifies.</summary>
public static class NativeErrors
{
    /// <summary>errno to a SocketException with the matching <see cref="SocketError"/>.</summary>
    public static SocketException ToSocketException(int errno) => new((int)(errno switch
    {
        111 => SocketError.ConnectionRefused,
        104 => SocketError.ConnectionReset,
        103 => SocketError.ConnectionAborted,
        32 => SocketError.Shutdown, // EPIPE
        110 => SocketError.TimedOut,
        24 or 23 => SocketError.TooManyOpenSockets, // EMFILE, ENFILE
        98 => SocketError.AddressAlreadyInUse,
        99 => SocketError.AddressNotAvailable,
        105 => SocketError.NoBufferSpaceAvailable,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        107 => SocketError.NotConnected,
        13 => SocketError.AccessDenied,
        _ => SocketError.SocketError,
    }));

    /// <summary>
    /// accept() failures that mean a process or system resource ran out (descriptors, socket buffers,
    /// kernel memory): the listener must back off and retry, not give up.
    /// </summary>
    public static bool IsResourceExhaustion(int errno) =>
        errno is LinuxNative.EMFILE or LinuxNative.ENFILE or LinuxNative.ENOBUFS or LinuxNative.ENOMEM;
}
