using System.Runtime.InteropServices;

namespace Bench.Load.Scale;

/// <summary>SIGINT to a shard process this process started, so it stops as on Ctrl-C and writes its interrupted results.</summary>
internal static partial class Signals
{
    private const int SigInt = 2;

    public static bool Interrupt(int pid) => OperatingSystem.IsLinux() && kill(pid, SigInt) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
