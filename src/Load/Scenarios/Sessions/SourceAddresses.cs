using System.Net;
using System.Net.Sockets;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// Loopback source addresses for client sockets, handed out round-robin. Linux keeps one
/// ephemeral port range (about 28,000 ports) per source address and destination, so spreading
/// connections over 127.0.0.2-127.0.0.20 lifts the ~28,000-connections-per-target-port ceiling.
/// </summary>
public sealed class SourceAddresses
{
    private readonly IPAddress[] _addresses;
    private long _next = -1;

    public SourceAddresses(IReadOnlyList<IPAddress> addresses) => _addresses = [.. addresses];

    public static SourceAddresses None { get; } = new([]);

    public int Count => _addresses.Length;

    public IReadOnlyList<IPAddress> Addresses => _addresses;

    /// <summary>The address for the next socket, or null when none were given (the kernel picks).</summary>
    public IPAddress? Next() =>
        _addresses.Length == 0 ? null : _addresses[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_addresses.Length)];

    /// <summary>"127.0.0.2-127.0.0.20", "127.0.0.2,127.0.0.3" or a mix; loopback IPv4 only, at most 254 addresses.</summary>
    public static bool TryParse(string text, out SourceAddresses result, out string error)
    {
        result = None;
        var list = new List<IPAddress>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length is < 1 or > 2 || !IPAddress.TryParse(ends[0], out var from) || from.AddressFamily != AddressFamily.InterNetwork)
            {
                error = $"'{part}' is not an IPv4 address or range (e.g. 127.0.0.2-127.0.0.20)";
                return false;
            }
            var to = from;
            if (ends.Length == 2 && (!IPAddress.TryParse(ends[1], out to!) || to.AddressFamily != AddressFamily.InterNetwork))
            {
                error = $"'{part}' is not an IPv4 range (e.g. 127.0.0.2-127.0.0.20)";
                return false;
            }
            uint a = ToUInt(from), b = ToUInt(to);
            if (b < a || b - a > 253)
            {
                error = $"'{part}': the range must run upward and hold at most 254 addresses";
                return false;
            }
            for (uint v = a; v <= b; v++)
            {
                // Two ranges that share an address would make two connections compete for one port range where the user counted two.
                if (list.Contains(FromUInt(v)))
                {
                    error = $"{FromUInt(v)} is given twice (the ranges overlap)";
                    return false;
                }
                list.Add(FromUInt(v));
            }
        }
        if (list.Count == 0)
        {
            error = "no address given (e.g. 127.0.0.2-127.0.0.20)";
            return false;
        }
        if (list.FirstOrDefault(a => !IPAddress.IsLoopback(a)) is { } outside)
        {
            error = $"{outside} is not a loopback address: Bench only loads loopback targets";
            return false;
        }
        result = new SourceAddresses(list.ToArray());
        error = "";
        return true;
    }

    private static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static IPAddress FromUInt(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
