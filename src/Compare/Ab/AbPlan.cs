namespace Bench.Compare.Ab;

/// <summary>
/// What <c>loadgen ab</c> runs, as data. Defaults: 8 trials per side (the fewest at which the
/// exact Mann–Whitney test can reach p below 1e-4), 2 s each after 0.5 s of discarded warm-up on
/// the same connections, server on CPU 0 and generator on CPU 1 so the two never share a core.
/// </summary>
public sealed record AbPlan
{
    public required string BaseDir { get; init; }

    public required string HeadDir { get; init; }

    public required string OutDir { get; init; }

    public IReadOnlyList<AbCell> Cells { get; init; } = AbCell.Defaults;

    public int Trials { get; init; } = 8;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(0.5);

    public bool Build { get; init; } = true;

    public int ServerCpu { get; init; }

    public int LoadgenCpu { get; init; } = 1;

    /// <summary>Extra environment for one side's servers only, e.g. the test-only BENCH_ARTIFICIAL_DELAY_MS for a slowed head.</summary>
    public IReadOnlyDictionary<string, string> BaseEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> HeadEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (flag, dir) in new[] { ("--base", BaseDir), ("--head", HeadDir) })
            if (!File.Exists(Path.Combine(dir, "src", "Servers", "Bench.Servers.csproj")))
                problems.Add($"{flag}: '{dir}' is not a Bench checkout (no src/Servers/Bench.Servers.csproj)");
        if (Trials is < 2 or > 100) problems.Add($"--trials: must be 2..100 (got {Trials})");
        if (Duration < TimeSpan.FromMilliseconds(200) || Duration > TimeSpan.FromMinutes(5)) problems.Add($"--duration: must be 200ms..5m (got {Duration.TotalSeconds:0.###}s)");
        if (Warmup < TimeSpan.Zero || Warmup > TimeSpan.FromMinutes(1)) problems.Add($"--warmup: must be 0..1m (got {Warmup.TotalSeconds:0.###}s)");
        if (Cells.Count == 0) problems.Add("--cell: at least one cell");
        if (ServerCpu < 0 || LoadgenCpu < 0) problems.Add("--server-cpu/--loadgen-cpu: must be ≥ 0");
        return problems;
    }
}
