using System.Runtime.InteropServices;

namespace Bench.Suites;

/// <summary>
/// SIGTERM for a graceful stop (Process.Kill only sends SIGKILL) and CPU pinning of a child we
/// started. Only ever used on PIDs of processes this runner started.
/// </summary>
public static partial class ProcessSignals
{
    private const int SigTerm = 15;
    private const int MaskWords = 16;

    public static bool Terminate(int pid) => OperatingSystem.IsLinux() && kill(pid, SigTerm) == 0;

    /// <summary>Pins every thread of <paramref name="pid"/>; threads it creates later inherit the mask.</summary>
    public static bool PinAllThreads(int pid, IReadOnlyList<int> cpus)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var mask = new ulong[MaskWords];
        foreach (int cpu in cpus) mask[cpu / 64] |= 1UL << (cpu % 64);
        bool any = false;
        try
        {
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                if (int.TryParse(Path.GetFileName(dir), out int tid) && sched_setaffinity(tid, MaskWords * 8, mask) == 0) any = true;
        }
        catch (IOException)
        {
        }
        return any;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nuint cpusetsize, ulong[] mask);
}
