using System.Diagnostics;

namespace Bench.Suites;

/// <summary>
/// Checks a target's "requires" before starting it, so a peer that is not installed (gunicorn,
/// uvicorn: scripts/setup-peers.sh) is skipped with the reason instead of failing. Entries:
/// "python:MODULE" (importable by /usr/bin/python3, where Debian's packages install), a path
/// containing '/' (relative to the repository), or a program name looked up on PATH.
/// </summary>
public static class Requirements
{
    private static readonly Dictionary<string, bool> Cache = new(StringComparer.Ordinal);

    /// <summary>The first missing requirement as a reason, or null when all are there.</summary>
    public static string? Missing(TargetSpec target)
    {
        foreach (var r in target.Requires)
        {
            bool ok;
            lock (Cache)
                if (!Cache.TryGetValue(r, out ok)) Cache[r] = ok = Check(r);
            if (!ok)
                return r.StartsWith("python:", StringComparison.Ordinal)
                    ? $"requires Python module '{r[7..]}' for /usr/bin/python3 (scripts/setup-peers.sh installs it)"
                    : $"requires '{r}', which is not there";
        }
        return null;
    }

    private static bool Check(string requirement)
    {
        // The module name goes into a Python statement: letters, digits, '_' and '.' only.
        if (requirement.StartsWith("python:", StringComparison.Ordinal))
            return requirement.Length > 7 && requirement[7..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') && PythonImports(requirement[7..]);
        if (requirement.Contains('/')) return File.Exists(Path.IsPathRooted(requirement) ? requirement : Path.Combine(RepoPaths.Root, requirement));
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, requirement)));
    }

    private static bool PythonImports(string module)
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"import {module}");
            using var p = Process.Start(psi)!;
            if (!p.WaitForExit(15_000))
            {
                p.Kill();
                return false;
            }
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
