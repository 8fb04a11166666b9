using System.Runtime.InteropServices;

namespace Bench.Load.Engine;

/// <summary>
/// Pins the whole process to chosen CPUs, so the generator never competes with the target's
/// core. On Linux sched_setaffinity binds one thread, and Process.ProcessorAffinity only sets
/// the main thread's mask; so every existing thread of /proc/self/task is pinned, and threads
/// created later inherit the mask from their (pinned) creator.
/// </summary>
public static partial class CpuAffinity
{
    private const int MaskWords = 16; // cpu_set_t: 1024 bits

    public static IReadOnlyList<int> Current()
    {
        if (!OperatingSystem.IsLinux()) return Enumerable.Range(0, Environment.ProcessorCount).ToArray();
        var mask = new ulong[MaskWords];
        if (sched_getaffinity(0, MaskWords * 8, mask) != 0) return Enumerable.Range(0, Environment.ProcessorCount).ToArray();
        var cpus = new List<int>();
        for (int i = 0; i < MaskWords * 64; i++)
            if ((mask[i / 64] & (1UL << (i % 64))) != 0) cpus.Add(i);
        return cpus;
    }

    /// <summary>Pins every thread of this process; returns an error message, or null on success.</summary>
    public static string? Pin(IReadOnlyList<int> cpus)
    {
        if (!OperatingSystem.IsLinux()) return "--cpu is supported on Linux only";
        var mask = new ulong[MaskWords];
        foreach (int cpu in cpus)
        {
            if (cpu < 0 || cpu >= MaskWords * 64) return $"CPU {cpu} is out of range";
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int tid)) continue;
            if (sched_setaffinity(tid, MaskWords * 8, mask) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // A thread that exited between listing and pinning is fine (ESRCH = 3).
                if (errno != 3) return $"sched_setaffinity failed (errno {errno}); is CPU {string.Join(",", cpus)} online and allowed?";
            }
        }
        return null;
    }

    /// <summary>Pins only the calling thread (pid 0 means the caller); false where that is not possible.</summary>
    public static bool PinCurrentThread(IReadOnlyList<int> cpus)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var mask = new ulong[MaskWords];
        foreach (int cpu in cpus)
            if (cpu >= 0 && cpu < MaskWords * 64) mask[cpu / 64] |= 1UL << (cpu % 64);
        return sched_setaffinity(0, MaskWords * 8, mask) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nuint cpusetsize, ulong[] mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nuint cpusetsize, [Out] ulong[] mask);
}
