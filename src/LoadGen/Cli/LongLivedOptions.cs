using System.CommandLine;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.LoadGen.Scale;
using Bench.Load.Results;
using Bench.Load.Scenarios;
using Bench.Load.Scenarios.Mixed;
using Bench.Load.Scenarios.Sessions;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen run --scenario sse|ws-echo|ws-chat|hold|trickle</c> and <c>--scenario-file mixed.json</c>:
/// the long-lived scenarios' flags and their run. They share --url, --duration, --timeout,
/// --threshold, --out and --cpu with HTTP runs; the HTTP-only flags are refused by name.
/// </summary>
public sealed class LongLivedOptions
{
    private readonly Option<string> _scenario = new("--scenario", "-s") { Description = "http (default), sse, ws-echo, ws-chat, hold or trickle", DefaultValueFactory = _ => "http" };
    private readonly Option<string?> _scenarioFile = new("--scenario-file") { Description = "Mixed run: several scenarios with their own models and start offsets, as JSON (see README)" };
    private readonly Option<int> _connections = new("--connections") { Description = "Long-lived: subscribers / WebSockets / idle connections [default: 100]", DefaultValueFactory = _ => 100 };
    private readonly Option<double> _rampRate = new("--ramp-rate") { Description = "Long-lived: new connections per second, 0 = all at once [default: 1000]", DefaultValueFactory = _ => 1000 };
    private readonly Option<int> _events = new("--events") { Description = "sse: events per stream, 0 = until the hold ends [default: 0]" };
    private readonly Option<TimeSpan> _eventInterval = Durations.WithDefault("--event-interval", TimeSpan.FromMilliseconds(100), "sse: the server's interval between events");
    private readonly Option<bool> _reconnect = new("--reconnect") { Description = "sse: after a premature end, reconnect with Last-Event-ID and time the resume" };
    private readonly Option<int> _messageSize = new("--message-size") { Description = "ws-echo, ws-chat: bytes per message [default: 64]", DefaultValueFactory = _ => 64 };
    private readonly Option<double> _messageRate = new("--message-rate") { Description = "ws-echo, ws-chat: messages per second per client [default: 1]", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _roomSize = new("--room-size") { Description = "ws-chat: members per room [default: 25]", DefaultValueFactory = _ => 25 };
    private readonly Option<TimeSpan> _pingInterval = Durations.WithDefault("--ping-interval", TimeSpan.FromSeconds(1), "hold: one request this often per connection, 0 = silent after the first");
    private readonly Option<TimeSpan> _trickleInterval = Durations.WithDefault("--trickle-interval", TimeSpan.FromSeconds(1), "trickle: one byte of each request head this often (slowloris)");
    private readonly Option<string?> _sourceAddresses = new("--source-addresses") { Description = "Bind client sockets to these loopback addresses round-robin, e.g. 127.0.0.2-127.0.0.20 (past ~28,000 connections to one port)" };

    /// <summary>--source-addresses as given, for --processes to divide.</summary>
    public string? SourceAddressesText(ParseResult parse) => parse.GetValue(_sourceAddresses);

    public void AddTo(Command command)
    {
        foreach (var o in (Option[])[_scenario, _scenarioFile, _connections, _rampRate, _events, _eventInterval, _reconnect, _messageSize, _messageRate, _roomSize, _pingInterval, _trickleInterval, _sourceAddresses])
            command.Options.Add(o);
        _scenario.AcceptOnlyFromAmong(["http", .. StreamOptions.Kinds]);
    }

    /// <summary>True when this run is not a plain HTTP run.</summary>
    public bool Applies(ParseResult parse) => parse.GetValue(_scenario) != "http" || parse.GetValue(_scenarioFile) is not null;

    public async Task<int> RunAsync(ParseResult parse, RunOptions shared, ScaleRequest scale, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var (flag, given) in (ReadOnlySpan<(string, bool)>)[("--vus", shared.Vus is not null), ("--rate", shared.Rate is not null), ("--stages", shared.Stages is not null),
            ("--iterations", shared.Iterations is not null), ("--warmup", shared.Warmup > TimeSpan.Zero), ("--body", shared.Body is not null)])
            if (given) errors.Add($"{flag}: applies to --scenario http only (long-lived scenarios use --connections and --ramp-rate)");
        var thresholds = PlanFactory.BuildThresholds(shared, errors);
        PlanFactory.CheckTimes(shared, errors);
        IReadOnlyList<int>? cpus = null;
        if (shared.Cpu is not null && !CpuListParser.TryParse(shared.Cpu, out cpus)) errors.Add($"--cpu: '{shared.Cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
        var limits = new ValidityLimits();
        var owned = new List<IDisposable>();
        try
        {
            IReadOnlyList<MixedPart>? parts = null;
            StreamOptions? single = null;
            if (parse.GetValue(_scenarioFile) is { } file)
            {
                if (shared.Url is not null) errors.Add("--url: give the target inside the scenario file");
                if (thresholds.Count > 0) errors.Add("--threshold: give thresholds per part inside the scenario file");
                var fileErrors = new List<string>();
                parts = MixedRunFile.Read(file, limits, fileErrors, owned, scale.Shard);
                errors.AddRange(fileErrors.Select(e => $"--scenario-file: {e}"));
            }
            else
            {
                single = BuildSpec(parse, shared, scale.Shard, errors);
                string prefix = single is null ? "" : ScenarioFactory.ThresholdPrefix(single.Kind);
                foreach (var t in thresholds.Where(t => t.IsStream && !t.Source.StartsWith(prefix, StringComparison.Ordinal)))
                    errors.Add($"--threshold: '{t.Expression}' is about another scenario than {single?.Kind}");
            }
            if (errors.Count > 0) return Fail(errors, stderr);
            if (cpus is not null && CpuAffinity.Pin(cpus) is { } pinError) return Fail([$"--cpu: {pinError}"], stderr);

            if (single is not null)
            {
                var scenario = ScenarioFactory.Create(single);
                owned.Add(scenario);
                var plan = ScaleOptions.Cut(ScenarioFactory.Plan(single, scenario, thresholds, limits) with
                {
                    Cpus = cpus,
                    CommandLine = Environment.GetCommandLineArgs().Skip(1).ToArray(),
                }, scale);
                // This process holds only its shard's connections.
                var capacity = CapacityCheck.Check(plan.Model.MaxVus, single.SourceAddresses.Count);
                stdout.WriteLine($"loadgen: capacity: {capacity.Verdict}");
                if (capacity.ConnectionsThatFit < plan.Model.MaxVus) return Fail([$"--connections: {capacity.Verdict}"], stderr);
                parts = [new MixedPart(single.Kind, TimeSpan.Zero, plan)];
            }
            else
            {
                parts = parts!.Select(p => p with { Plan = ScaleOptions.Cut(p.Plan, scale) }).ToList();
            }
            var (startAt, startError) = await ScaleOptions.ResolveStartAsync(scale, stdout, Console.In).ConfigureAwait(false);
            if (startError is not null) return Fail([startError], stderr);
            parts = parts.Select(p => p with { Plan = ScaleOptions.Start(p.Plan, startAt, p.Start) }).ToList();

            var observers = new List<IRunObserver> { new PlainProgress(stdout, TimeSpan.FromSeconds(1)), new StreamProgress(stdout) };
            if (shared.Out is not null) observers.Add(new ResultsFileObserver(shared.Out, stderr));
            var observer = new CompositeObserver([.. observers]);
            RunResult result;
            if (single is not null)
            {
                stdout.WriteLine($"loadgen: {parts[0].Plan.Model.Describe()} -> {parts[0].Plan.Scenario.Describe()}");
                result = await new LoadRunner().RunAsync(parts[0].Plan, observer, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stdout.WriteLine($"loadgen: mixed run of {parts.Count} parts");
                result = await new MixedRunner().RunAsync(parts, observer, cancellationToken).ConfigureAwait(false);
            }
            ResultPrinter.Print(result, stdout);
            if (shared.Out is not null) stdout.WriteLine($"  results    {Path.GetFullPath(shared.Out)}");
            return result.ExitCode ?? ExitCodes.Invalid;
        }
        catch (PlanValidationException ex)
        {
            return Fail(ex.Problems, stderr);
        }
        finally
        {
            foreach (var o in owned) o.Dispose();
        }
    }

    private StreamOptions? BuildSpec(ParseResult parse, RunOptions shared, Shard shard, List<string> errors)
    {
        string kind = parse.GetValue(_scenario)!;
        if (string.IsNullOrWhiteSpace(shared.Url))
        {
            errors.Add($"--url: required (e.g. --url http://127.0.0.1:8000 takes the {kind} route)");
            return null;
        }
        if (!Uri.TryCreate(shared.Url, UriKind.Absolute, out var url))
        {
            errors.Add($"--url: '{shared.Url}' is not an absolute URL");
            return null;
        }
        var sources = SourceAddresses.None;
        if (parse.GetValue(_sourceAddresses) is { } text && !SourceAddresses.TryParse(text, out sources, out string why)) errors.Add($"--source-addresses: {why}");
        var spec = new StreamOptions
        {
            Kind = kind,
            Url = url,
            Tls = shared.Tls,
            Connections = parse.GetValue(_connections),
            RampRate = parse.GetValue(_rampRate),
            Duration = shared.Duration ?? TimeSpan.FromSeconds(10),
            Timeout = shared.Timeout,
            Events = parse.GetValue(_events),
            EventInterval = parse.GetValue(_eventInterval),
            Reconnect = parse.GetValue(_reconnect),
            MessageSize = parse.GetValue(_messageSize),
            MessageRate = parse.GetValue(_messageRate),
            RoomSize = parse.GetValue(_roomSize),
            PingInterval = parse.GetValue(_pingInterval),
            TrickleInterval = parse.GetValue(_trickleInterval),
            SourceAddresses = sources,
            Shard = shard,
        };
        errors.AddRange(spec.Validate().Select(FlagFor));
        return spec;
    }

    /// <summary>"rampRate: must be…" → "--ramp-rate: must be…".</summary>
    private static string FlagFor(string problem)
    {
        int colon = problem.IndexOf(':');
        string field = problem[..colon];
        string flag = field switch
        {
            "scenario" => "--scenario",
            "rampRate" => "--ramp-rate",
            "eventInterval" => "--event-interval",
            "messageSize" => "--message-size",
            "messageRate" => "--message-rate",
            "roomSize" => "--room-size",
            "pingInterval" => "--ping-interval",
            "trickleInterval" => "--trickle-interval",
            _ => "--" + field,
        };
        return flag + problem[colon..];
    }

    private static int Fail(IEnumerable<string> errors, TextWriter stderr)
    {
        foreach (var e in errors) stderr.WriteLine($"loadgen: {e}");
        return ExitCodes.BadInput;
    }
}
