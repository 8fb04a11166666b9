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
/// the long-lived scenarios' flags, read into a <see cref="RunRequest"/> that <see cref="RunCommand"/>
/// runs like any other. They share --url, --duration, --timeout, --threshold, --out and --cpu with
/// HTTP runs; the HTTP-only flags are refused by name.
/// </summary>
public sealed class LongLivedOptions
{
    private readonly Option<string> _scenario = new("--scenario", "-s") { Description = "http (default), sse, ws-echo, ws-chat, hold or trickle", DefaultValueFactory = _ => "http" };
    private readonly Option<string?> _scenarioFile = new("--scenario-file") { Description = "Mixed run: several scenarios with their own models and start offsets, as JSON (see README)" };
    private readonly Option<int> _connections = new("--connections") { Description = "Long-lived: subscribers / WebSockets / idle connections", DefaultValueFactory = _ => 100 };
    private readonly Option<double> _rampRate = new("--ramp-rate") { Description = "Long-lived: new connections per second, 0 = all at once", DefaultValueFactory = _ => 1000 };
    private readonly Option<int> _events = new("--events") { Description = "sse: events per stream, 0 = until the hold ends [default: 0]" };
    private readonly Option<TimeSpan> _eventInterval = Durations.WithDefault("--event-interval", TimeSpan.FromMilliseconds(100), "sse: the server's interval between events");
    private readonly Option<bool> _reconnect = new("--reconnect") { Description = "sse: after a premature end, reconnect with Last-Event-ID and time the resume" };
    private readonly Option<int> _messageSize = new("--message-size") { Description = "ws-echo, ws-chat: bytes per message", DefaultValueFactory = _ => 64 };
    private readonly Option<double> _messageRate = new("--message-rate") { Description = "ws-echo, ws-chat: messages per second per client", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _roomSize = new("--room-size") { Description = "ws-chat: members per room", DefaultValueFactory = _ => 25 };
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

    /// <summary>
    /// Checks the long-lived flags, or reads the scenario file, into a run request; null, with every
    /// problem in <paramref name="errors"/> (one line each, naming the flag), when they do not make a run.
    /// </summary>
    internal RunRequest? Read(ParseResult parse, RunOptions shared, ScaleRequest scale, List<string> errors)
    {
        foreach (var (flag, given) in (ReadOnlySpan<(string, bool)>)[("--vus", shared.Vus is not null), ("--rate", shared.Rate is not null), ("--stages", shared.Stages is not null),
            ("--iterations", shared.Iterations is not null), ("--warmup", shared.Warmup > TimeSpan.Zero), ("--body", shared.Body is not null)])
            if (given) errors.Add($"{flag}: applies to --scenario http only (long-lived scenarios use --connections and --ramp-rate)");
        var thresholds = PlanFactory.BuildThresholds(shared, errors);
        PlanFactory.CheckTimes(shared, errors);
        var cpus = PlanFactory.ReadCpus(shared, errors);
        var limits = new ValidityLimits();
        RunRequest? request = null;
        if (parse.GetValue(_scenarioFile) is { } file)
        {
            if (shared.Url is not null) errors.Add("--url: give the target inside the scenario file");
            if (thresholds.Count > 0) errors.Add("--threshold: give thresholds per part inside the scenario file");
            if (shared.TlsFlags.Count > 0) errors.Add($"{shared.TlsFlags[0]}: give TLS settings inside the scenario file (\"tls\": {{ \"ca\": ..., \"sni\": ... }})");
            request = new MixedRunRequest(file, limits, scale, errors) { Cpus = cpus };
        }
        else
        {
            var single = BuildSpec(parse, shared, scale.Shard, errors);
            string prefix = single is null ? "" : ScenarioFactory.ThresholdPrefix(single.Kind);
            foreach (var t in thresholds.Where(t => t.IsStream && !t.Source.StartsWith(prefix, StringComparison.Ordinal)))
                errors.Add($"--threshold: '{t.Expression}' is about another scenario than {single?.Kind}");
            if (single is not null) request = new StreamRunRequest(single, thresholds, limits) { Cpus = cpus, Scale = scale };
        }
        if (errors.Count == 0) return request;
        request?.Dispose();
        return null;
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
}
