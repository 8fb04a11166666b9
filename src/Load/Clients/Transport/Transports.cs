using Bench.Load.Engine;

namespace Bench.Load.Clients.Transport;

/// <summary>Chooses a transport by name ("epoll", "sockets") or the best one this platform has.</summary>
public static class Transports
{
    public static readonly IReadOnlyList<string> Names = ["epoll", "sockets"];

    public static ITransportFactory Default() => Create(Bench.Native.LinuxNative.Supported ? "epoll" : "sockets");

    public static ITransportFactory Create(string name) => name switch
    {
        "epoll" when Bench.Native.LinuxNative.Supported => new EpollTransport.Factory(),
        "epoll" => throw new PlatformNotSupportedException("the epoll transport needs Linux on x86-64; use sockets"),
        "sockets" => new SocketTransport.Factory(),
        _ => throw new ArgumentException($"unknown transport '{name}' (use {string.Join(" or ", Names)})", nameof(name)),
    };
}
