using System.CommandLine;
using Bench.Load.Calibration;
using Bench.Load.Engine;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen calibrate</c>: this machine's generator ceiling against a built-in null target on
/// loopback, and the rate and connection count beyond which a run here would measure loadgen
/// rather than its target. Exit 0, or 2 on bad input.
/// </summary>
public sealed class CalibrateCommand
{
    private readonly Option<string?> _cpu = new("--cpu") { Description = "Pin loadgen to these CPUs, as a run would be (the null target takes the others)" };
    private readonly Option<TimeSpan> _duration = Durations.WithDefault("--duration", TimeSpan.FromSeconds(5), "Measured time of each of the two probes");
    private readonly Option<int> _connections = new("--connections") { Description = "Held connections for the long-lived probe", DefaultValueFactory = _ => 2000 };

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CalibrateCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("calibrate", "Measure this machine's generator ceiling against a built-in null target: the rate and connections beyond which results are generator-bound")
        {
            _cpu, _duration, _connections,
        };
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        IReadOnlyList<int>? cpus = null;
        if (parse.GetValue(_cpu) is { } cpu && !CpuListParser.TryParse(cpu, out cpus)) errors.Add($"--cpu: '{cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
        var duration = parse.GetValue(_duration);
        if (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromMinutes(5)) errors.Add($"--duration: must be in [1s, 5m] (got {duration})");
        int connections = parse.GetValue(_connections);
        if (connections is < 10 or > 100_000) errors.Add($"--connections: must be in [10, 100,000] (got {connections})");
        if (errors.Count > 0)
        {
            foreach (var e in errors) _stderr.WriteLine($"loadgen calibrate: {e}");
            return ExitCodes.BadInput;
        }
        if (cpus is not null && CpuAffinity.Pin(cpus) is { } pinError)
        {
            _stderr.WriteLine($"loadgen calibrate: --cpu: {pinError}");
            return ExitCodes.BadInput;
        }

        var r = await Calibrator.RunAsync(duration, connections, line => _stdout.WriteLine($"calibrate: {line}"), cancellationToken).ConfigureAwait(false);
        _stdout.WriteLine();
        _stdout.WriteLine($"  generator  CPU {string.Join(",", r.GeneratorCpus)}; null target " + (r.TargetCpus.Count > 0 ? $"CPU {string.Join(",", r.TargetCpus)}" : "on the same CPUs (no CPU left over: the ceiling below is conservative)"));
        _stdout.WriteLine($"  http       {r.HttpRate:N0} req/s at {r.HttpCpuPercent:0}% of the generator's CPU: ceiling {r.HttpCeilingRate:N0} req/s");
        _stdout.WriteLine($"  streams    {r.HeldConnections:N0} held: {r.LoopMicrosPerEvent:0.0} µs of generator CPU per event, RSS {r.RssKiBPerConnection:0.0} KiB per connection");
        _stdout.WriteLine($"  limits     {r.ConnectionsByCpu:N0} connections at 1 event/s by CPU; {r.ConnectionsThatFit:N0} by descriptors and ports");
        _stdout.WriteLine($"  verdict    beyond {r.HttpGeneratorBoundRate:N0} req/s or {r.GeneratorBoundConnections:N0} connections (at 1 event/s each), results on this machine are generator-bound " +
            $"(loadgen above {r.MaxCpuShare * 100:0}% of its CPU)");
        return ExitCodes.Pass;
    }
}
