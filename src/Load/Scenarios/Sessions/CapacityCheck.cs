using System.Globalization;
using Bench.Load.Results;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// What fits in this process before a run starts: one descriptor per connection under
/// RLIMIT_NOFILE (read from /proc/self/limits), and one ephemeral port per connection per
/// (source address, target) pair (ip_local_port_range). Saying so up front beats 9,000 EMFILEs.
/// </summary>
public static class CapacityCheck
{
    /// <summary>Descriptors the runtime, the results file and the console need besides the connections.</summary>
    public const int Reserve = 64;

    public static CapacityInfo Check(long connections, int sourceAddresses)
    {
        var (soft, hard) = DescriptorLimits();
        long inUse = Metrics.GeneratorMemory.OpenDescriptors();
        int ports = EphemeralPorts();
        long byFds = soft <= 0 ? long.MaxValue : Math.Max(0, soft - inUse - Reserve);
        long byPorts = (long)ports * Math.Max(1, sourceAddresses);
        long fit = Math.Min(byFds, byPorts);
        string verdict = connections <= fit
            ? $"{connections:N0} connections fit: {byFds:N0} descriptors free under RLIMIT_NOFILE {soft:N0}, {byPorts:N0} ports over {Math.Max(1, sourceAddresses)} source address(es)"
            : byFds < byPorts
                ? $"{connections:N0} connections do not fit: RLIMIT_NOFILE {soft:N0} (hard {hard:N0}) leaves {byFds:N0} descriptors; raise ulimit -n or split the load over processes"
                : $"{connections:N0} connections do not fit: {ports:N0} ephemeral ports per source address toward one target port; use --source-addresses 127.0.0.2-127.0.0.20";
        return new CapacityInfo(soft, hard, inUse, ports, sourceAddresses, connections, fit, verdict);
    }

    /// <summary>Soft and hard "Max open files"; (0, 0) where /proc is missing.</summary>
    public static (long Soft, long Hard) DescriptorLimits()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return (Parse(parts[0]), Parse(parts[1]));
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return (0, 0);
    }

    private static long Parse(string s) => s == "unlimited" ? long.MaxValue : long.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Size of net.ipv4.ip_local_port_range (28,232 by default).</summary>
    public static int EphemeralPorts()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(parts[1], CultureInfo.InvariantCulture) - int.Parse(parts[0], CultureInfo.InvariantCulture) + 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 28_232;
        }
    }
}
