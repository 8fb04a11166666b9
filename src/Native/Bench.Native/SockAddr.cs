using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bench.Native;

/// <summary>sockaddr_in / sockaddr_in6 to and from <see cref="IPEndPoint"/>.</summary>
public static class SockAddr
{
    /// <summary>Big enough for sockaddr_in6 (28 bytes).</summary>
    public const int MaxLength = 28;

    /// <summary>Writes <paramref name="endPoint"/> into <paramref name="buffer"/>; returns its length.</summary>
    public static int Write(IPEndPoint endPoint, Span<byte> buffer)
    {
        buffer[..MaxLength].Clear();
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, LinuxNative.AF_INET);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
            endPoint.Address.TryWriteBytes(buffer[4..8], out _);
            return 16;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, LinuxNative.AF_INET6);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endPoint.Port);
        endPoint.Address.TryWriteBytes(buffer[8..24], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[24..], (uint)endPoint.Address.ScopeId);
        return 28;
    }

    /// <summary>Reads a sockaddr back; null for a family other than IPv4/IPv6.</summary>
    public static IPEndPoint? Read(ReadOnlySpan<byte> buffer)
    {
        int family = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        int port = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        return family switch
        {
            LinuxNative.AF_INET => new IPEndPoint(new IPAddress(buffer[4..8]), port),
            LinuxNative.AF_INET6 => new IPEndPoint(new IPAddress(buffer[8..24], BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..])), port),
            _ => null,
        };
    }
}
