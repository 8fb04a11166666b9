namespace Bench.Suites;

/// <summary>
/// Where the repository and bench-server are. loadgen and bench-server build into their own bin
/// folders, so bench-server is found relative to the repository: BENCH_SERVER if set, else
/// src/Servers/bin/&lt;same configuration as loadgen&gt;/net10.0/bench-server, else the other configuration,
/// else an installed bench-server tool on PATH.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string? ServerExecutable()
    {
        if (Environment.GetEnvironmentVariable("BENCH_SERVER") is { Length: > 0 } fromEnv) return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : null;
        string own = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        foreach (var config in new[] { own, own == "Release" ? "Debug" : "Release" })
        {
            string path = Path.Combine(Root, "src", "Servers", "bin", config, "net10.0", "bench-server");
            if (File.Exists(path)) return path;
        }
        // Outside a build of the repository: the bench-server tool (dotnet tool install bench-server) on PATH.
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(dir, "bench-server");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    /// <summary>A suite by name ("claims" → suites/claims.json) or a path.</summary>
    public static string SuitePath(string nameOrPath) =>
        File.Exists(nameOrPath) || nameOrPath.Contains('/') || nameOrPath.EndsWith(".json", StringComparison.Ordinal)
            ? Path.GetFullPath(nameOrPath)
            : Path.Combine(Root, "suites", nameOrPath + ".json");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Bench.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
