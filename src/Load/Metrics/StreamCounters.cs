namespace Bench.Load.Metrics;

/// <summary>Counter names every long-lived scenario shares, so the validity guard finds them by name.</summary>
public static class StreamCounters
{
    /// <summary>Connects that failed with EMFILE/ENFILE: this process's descriptor limit.</summary>
    public const string ExhaustedDescriptors = "exhausted_fds";

    /// <summary>Connects or binds that failed with EADDRNOTAVAIL/EADDRINUSE: ephemeral ports of one source address.</summary>
    public const string ExhaustedPorts = "exhausted_ports";
}
