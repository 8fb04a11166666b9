namespace Bench.Load.Scale;

/// <summary>How to start this loadgen again as a child process (shards, A/B trials).</summary>
public static class LoadgenBinary
{
    /// <summary>Its apphost, or <c>dotnet loadgen.dll</c> when hosted (tests).</summary>
    public static IReadOnlyList<string> Self()
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "loadgen.exe" : "loadgen");
        if (File.Exists(apphost)) return [apphost];
        return ["dotnet", Path.Combine(AppContext.BaseDirectory, "loadgen.dll")];
    }
}
