using System.Globalization;
using System.Runtime.InteropServices;

namespace Bench.Suites.Sampling;

/// <summary>One process's figures as the kernel reports them (proc(5)); null when it has gone.</summary>
public readonly record struct ProcFigures(long RssBytes, int Threads, double CpuSeconds, int OpenFiles);

/// <summary>Reads /proc/PID/status, /proc/PID/stat and /proc/PID/fd. Pure parsing is separate from I/O for tests.</summary>
public static partial class ProcReader
{
    private static readonly double TicksPerSecond = ClockTicks();

    public static ProcFigures? Read(int pid)
    {
        try
        {
            var (rss, threads) = ParseStatus(File.ReadAllText($"/proc/{pid}/status"));
            double cpu = ParseCpuTicks(File.ReadAllText($"/proc/{pid}/stat")) / TicksPerSecond;
            int fds = 0;
            try
            {
                fds = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
            }
            catch (UnauthorizedAccessException)
            {
                fds = -1; // not our process (a url target's PID owned by someone else)
            }
            return new ProcFigures(rss, threads, cpu, fds);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = FieldsAfterComm(stat);
            return fields.Length > 1 && int.TryParse(fields[1], out int ppid) ? ppid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>VmRSS (kB) and Threads from /proc/PID/status.</summary>
    public static (long RssBytes, int Threads) ParseStatus(string status)
    {
        long rss = 0;
        int threads = 0;
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("VmRSS:")) rss = long.Parse(line["VmRSS:".Length..].Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            else if (line.StartsWith("Threads:")) threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        return (rss, threads);
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat), in clock ticks.</summary>
    public static long ParseCpuTicks(string stat)
    {
        var f = FieldsAfterComm(stat);
        // f[0] is field 3 (state), so field n is f[n - 3].
        return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The comm field may hold spaces and parentheses; everything after its last ')' is plain.</summary>
    private static string[] FieldsAfterComm(string stat) =>
        stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static double ClockTicks()
    {
        if (!OperatingSystem.IsLinux()) return 100;
        long ticks = sysconf(2); // _SC_CLK_TCK
        return ticks > 0 ? ticks : 100;
    }

    [LibraryImport("libc")]
    private static partial long sysconf(int name);
}
