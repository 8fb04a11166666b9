using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using Bench.Load.Results;

namespace Bench.Load.Engine;

/// <summary>Describes the machine a run happened on, so results from different hosts are never compared blindly.</summary>
public static class MachineProbe
{
    public static MachineInfo Describe() => new(
        Hostname: Environment.MachineName,
        Os: RuntimeInformation.OSDescription,
        Kernel: Environment.OSVersion.VersionString,
        Architecture: RuntimeInformation.ProcessArchitecture.ToString(),
        CpuModel: CpuModel(),
        LogicalCores: Environment.ProcessorCount,
        AllowedCpus: CpuAffinity.Current(),
        MemoryBytes: GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Runtime: RuntimeInformation.FrameworkDescription,
        LoadgenVersion: typeof(MachineProbe).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        GcMode: GCSettings.IsServerGC ? "server" : "workstation");

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "unknown";
    }
}
