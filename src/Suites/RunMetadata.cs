using System.Diagnostics;
using System.Runtime.InteropServices;
using Bench.Load.Results;
using Bench.Suites.Results;
using Bench.Load.Engine;

namespace Bench.Suites;

/// <summary>Machine and software facts for results.json: CPU, memory, kernel, .NET, git commit, pinning.</summary>
public static class RunMetadata
{
    public static RunEnvironment Collect(string? serverPath, Pinning pinning)
    {
        var (commit, dirty) = Git();
        return new RunEnvironment(
            MachineProbe.Describe(),
            KernelRelease: ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription,
            MemoryTotalBytes: MemTotal(),
            DotnetVersion: RuntimeInformation.FrameworkDescription,
            GitCommit: commit,
            GitDirty: dirty,
            ServerPath: serverPath,
            Pinning: pinning,
            Clock: "CLOCK_MONOTONIC, shared by every process on this machine; server timestamps (t_us) are comparable with the generator's only here");
    }

    private static (string? Commit, bool Dirty) Git()
    {
        string? commit = RunGit("rev-parse HEAD");
        string? status = commit is null ? null : RunGit("status --porcelain --untracked-files=no");
        return (commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? RunGit(string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
            using var p = Process.Start(psi);
            if (p is null) return null;
            string output = p.StandardOutput.ReadToEnd().Trim();
            if (!p.WaitForExit(10_000)) return null;
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static long MemTotal()
    {
        foreach (var line in File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo") : [])
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal) && long.TryParse(line[9..].Trim().Split(' ')[0], out long kb)) return kb * 1024;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
