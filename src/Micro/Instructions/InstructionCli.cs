using System.CommandLine;

namespace Bench.Micro.Instructions;

/// <summary>
/// <c>Bench.Micro instructions</c>: count instructions per operation under callgrind and write them
/// as JSON for <c>loadgen compare</c>. <c>instructions-child</c> is the process being counted.
/// </summary>
public static class InstructionCli
{
    public static int Run(string[] args)
    {
        var n = Ranged("--n", "Operations in the short phase (the long one runs 2N)", 200, 10, 100_000);
        var rounds = Ranged("--rounds", "N/2N pairs per operation; each phase's least count is kept", 6, 2, 50);
        var filter = new Option<string?>("--filter") { Description = "Only operations whose name contains this" };
        var noMicro = new Option<bool>("--no-micro") { Description = "Only the twins' request paths" };
        var twins = new Option<string>("--twins") { Description = "Twins whose request paths are counted (comma-separated; empty for none)", DefaultValueFactory = _ => string.Join(",", RequestPaths.Twins) };
        // An empty list (--twins "") counts the micro-benchmarks alone.
        twins.Validators.Add(r =>
        {
            foreach (var t in Split(r.GetValueOrDefault<string>()))
                if (!RequestPaths.Twins.Contains(t)) r.AddError($"--twins: '{t}' is not one of {string.Join(", ", RequestPaths.Twins)}");
        });
        var output = new Option<string?>("--out", "-o") { Description = "Write the counts here (JSON)" };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE for the counted process, repeatable (tests: BENCH_ARTIFICIAL_WORK=N)" };
        env.Validators.Add(r =>
        {
            foreach (var e in r.GetValueOrDefault<string[]>() ?? [])
                if (e.IndexOf('=') <= 0) r.AddError($"--env: '{e}' is not NAME=VALUE");
        });
        var workPercent = new Option<double?>("--work-percent") { Description = "TEST ONLY: the twins do this many percent more work per request (needs --work-base)" };
        var workBase = new Option<string?>("--work-base") { Description = "Counts of the base (an earlier --out), which size --work-percent" };
        workPercent.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } p && (p <= 0 || p > 1000)) r.AddError($"--work-percent: must be in (0, 1000] (got {p})");
        });
        var phases = new Option<string>("--phases") { Description = "Child only: where to list the phases", Required = true };

        InstructionOptions Options(ParseResult r) => new()
        {
            N = r.GetValue(n),
            Rounds = r.GetValue(rounds),
            Filter = r.GetValue(filter),
            Micro = !r.GetValue(noMicro),
            Twins = Split(r.GetValue(twins)),
            Out = r.GetValue(output),
            Environment = r.GetValue(env) ?? [],
            WorkPercent = r.GetValue(workPercent),
            WorkBase = r.GetValue(workBase),
        };

        var count = new Command("instructions", "Count instructions per operation (micro-benchmarks and the twins' request paths) under callgrind");
        foreach (var o in new Option[] { n, rounds, filter, noMicro, twins, output, env, workPercent, workBase }) count.Options.Add(o);
        count.Validators.Add(r =>
        {
            if (r.GetValue(workPercent) is not null && r.GetValue(workBase) is not { } file) r.AddError("--work-percent: needs --work-base FILE (the base's counts)");
            else if (r.GetValue(workBase) is { } f && !File.Exists(f)) r.AddError($"--work-base: {f}: no such file");
        });
        count.SetAction(r => InstructionRunner.RunAsync(Options(r), Console.Out));

        var child = new Command("instructions-child", "The counted process (run by 'instructions' under callgrind)") { Hidden = true };
        foreach (var o in new Option[] { n, rounds, filter, noMicro, twins, phases }) child.Options.Add(o);
        child.SetAction(r => CountingChild.RunAsync(Options(r) with { PhasesFile = r.GetValue(phases) }));

        var root = new RootCommand("Bench micro-benchmarks: instruction counts") { count, child };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
            return 2;
        }
        return parsed.Invoke();
    }

    private static Option<int> Ranged(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = $"{description} [{min}..{max}]", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value < min || value > max) r.AddError($"{name}: must be {min}..{max} (got {value})");
        });
        return option;
    }

    private static string[] Split(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
