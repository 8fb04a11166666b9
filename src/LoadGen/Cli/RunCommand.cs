using System.CommandLine;
using System.CommandLine.Parsing;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.LoadGen.Scale;
using Spectre.Console;
using Bench.Load.Vocabulary;

namespace Bench.LoadGen.Cli;

/// <summary><c>loadgen run</c>: one scenario (or a mixed run of several), its load model(s), one results file.</summary>
public sealed class RunCommand
{
    private readonly Option<string> _url = new("--url", "-u") { Description = "Target URL, http:// or https:// (e.g. http://127.0.0.1:8080/hello); ws:// and wss:// for WebSocket scenarios" };
    private readonly Option<int?> _vus = new("--vus", "-c") { Description = "Virtual users = connections. Closed models: how many loop; open models: the budget that carries the rate [default: 10]" };
    private readonly Option<double?> _rate = new("--rate", "-R") { Description = "Open model: requests per second, latency measured from each intended start (wrk2 -R); with --stages, the starting rate" };
    private readonly Option<string?> _stages = new("--stages") { Description = "Ramp as DURATION:TARGET,... e.g. 30s:100,1m:100,10s:0 (VUs, or req/s with --rate)" };
    private readonly Option<TimeSpan?> _duration = Durations.Optional("--duration", "-d", "How long iterations start, e.g. 30s, 2m [default: 10s]");
    private readonly Option<long?> _iterations = new("--iterations", "-n") { Description = "Per-VU iterations: each VU sends exactly this many requests" };
    private readonly Option<TimeSpan> _warmup = Durations.WithDefault("--warmup", TimeSpan.Zero, "Run the load this long first without recording");
    private readonly Option<TimeSpan> _timeout = Durations.WithDefault("--timeout", TimeSpan.FromSeconds(10), "Connect timeout and response timeout");
    private readonly Option<TimeSpan> _gracefulStop = Durations.WithDefault("--graceful-stop", TimeSpan.FromSeconds(10), "Time in-flight requests get to finish after the duration");
    private readonly Option<string[]> _thresholds = new("--threshold") { Description = "Pass/fail rule, repeatable: p99<200ms, errors<1%, rate>5000, ttfb.p95<50ms" };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Results JSON file, rewritten every second while the run lasts" };
    private readonly Option<string?> _cpu = new("--cpu") { Description = "Pin loadgen to these CPUs (taskset list: 1 or 2,3 or 2-3)" };
    private readonly Option<string> _method = new("--method", "-m") { Description = "HTTP method", DefaultValueFactory = _ => "GET" };
    private readonly Option<string[]> _headers = new("--header", "-H") { Description = "Extra request header 'Name: value', repeatable" };
    private readonly Option<string?> _body = new("--body") { Description = "Request body (UTF-8)" };
    private readonly Option<string> _client = new("--client") { Description = "Transport: epoll (Linux x86-64, wrk-like event loop per CPU) or sockets (.NET Socket) [default: epoll where available]" };

    private readonly Option<bool> _http2 = new("--http2") { Description = "HTTP/2: h2 by ALPN for https://, h2c with prior knowledge for http:// (SocketsHttpHandler, one per connection)" };
    private readonly Option<int?> _streams = new("--streams-per-connection") { Description = "With --http2: users (streams) per connection; --vus 100 --streams-per-connection 10 = 10 connections x 10 streams [default: 1]" };
    private readonly TlsOptions _tls = new();
    private readonly LongLivedOptions _longLived = new();
    private readonly ScaleOptions _scale = new();
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public RunCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("run", "Run a load test against an HTTP target and report latency, rate and errors")
        {
            _url, _vus, _rate, _stages, _duration, _iterations, _warmup, _timeout, _gracefulStop,
            _thresholds, _out, _cpu, _method, _headers, _body, _client, _http2, _streams,
        };
        _client.AcceptOnlyFromAmong([.. Transports.Names]);
        _tls.AddTo(Command);
        _longLived.AddTo(Command);
        _scale.AddTo(Command);
        Command.SetAction(RunAsync);
    }

    public Command Command { get; }

    private RunOptions Read(ParseResult p, List<string> errors) => new()
    {
        Tls = _tls.Read(p, p.GetValue(_url), errors),
        TlsFlags = _tls.Given(p),
        Url = p.GetValue(_url),
        Vus = p.GetValue(_vus),
        Rate = p.GetValue(_rate),
        Stages = p.GetValue(_stages),
        Duration = p.GetValue(_duration),
        Iterations = p.GetValue(_iterations),
        Warmup = p.GetValue(_warmup),
        Timeout = p.GetValue(_timeout),
        GracefulStop = p.GetValue(_gracefulStop),
        Thresholds = p.GetValue(_thresholds) ?? [],
        Out = p.GetValue(_out),
        Cpu = p.GetValue(_cpu),
        Method = p.GetValue(_method) ?? "GET",
        Headers = p.GetValue(_headers) ?? [],
        Body = p.GetValue(_body),
        Client = p.GetValue(_client),
    };

    /// <summary>
    /// One pipeline for every kind of run: flags → a request (HTTP, one long-lived scenario, or a
    /// mixed run) → CPUs pinned → plan(s), cut to this shard → the agreed start → runner → printer.
    /// A problem at any step before the load is one line naming its flag and exit code 2. With
    /// --processes the same run is started as that many shard processes of this command and merged.
    /// </summary>
    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var options = Read(parse, errors);
        var scale = _scale.Read(parse, errors);
        if (errors.Count > 0) return Fail(errors);
        if (scale.Processes > 1)
            return await ProcessesRun.RunAsync(parse, Command, scale, options.Cpu, _longLived.SourceAddressesText(parse), options.Out, _stdout, _stderr, cancellationToken);
        bool http2 = parse.GetValue(_http2);
        int? streams = parse.GetValue(_streams);
        if (streams is not null && !http2) return Fail(["--streams-per-connection: needs --http2"]);
        if (streams is < 1 or > 1000) return Fail([$"--streams-per-connection: must be 1..1000 (got {streams})"]);
        if (http2 && _longLived.Applies(parse)) return Fail(["--http2: applies to HTTP request runs, not to --scenario sse/ws-echo/ws-chat/hold or --scenario-file"]);

        using var request = _longLived.Applies(parse) ? _longLived.Read(parse, options, scale, errors) : HttpRunRequest.Read(options, scale, http2 ? streams ?? 1 : null, errors);
        if (request is null) return Fail(errors);
        if (request.Cpus is { } cpus && CpuAffinity.Pin(cpus) is { } pinError) return Fail([$"--cpu: {pinError}"]);
        try
        {
            if (request.Build(_stdout, errors) is not { } built) return Fail(errors);
            var (startAt, startError) = await ScaleOptions.ResolveStartAsync(scale, _stdout, Console.In);
            if (startError is not null) return Fail([startError]);
            var parts = built.Select(p => p with { Plan = ScaleOptions.Start(p.Plan, startAt, p.Start) }).ToList();

            bool interactive = ReferenceEquals(_stdout, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive
                && Environment.GetEnvironmentVariable("CI") is null;
            _stdout.WriteLine(request.Banner(parts));
            var observers = new List<IRunObserver>();
            if (options.Out is not null) observers.Add(new ResultsFileObserver(options.Out, _stderr));
            var progress = request.Progress(_stdout, interactive, parts);
            observers.AddRange(progress);
            var observer = new CompositeObserver([.. observers]);
            Task<RunResult> Run() => request.IsMixed
                ? new MixedRunner().RunAsync(parts, observer, cancellationToken)
                : new LoadRunner().RunAsync(parts[0].Plan, observer, cancellationToken);
            var result = progress.OfType<LiveProgress>().FirstOrDefault() is { } live ? await live.ShowWhileAsync(Run) : await Run();

            ResultPrinter.Print(result, _stdout);
            if (options.Out is not null) _stdout.WriteLine($"  results    {Path.GetFullPath(options.Out)}");
            return result.ExitCode ?? ExitCodes.Invalid;
        }
        catch (PlanValidationException ex)
        {
            return Fail(ex.Problems);
        }
    }

    private int Fail(IEnumerable<string> errors)
    {
        foreach (var e in errors) _stderr.WriteLine($"loadgen: {e}");
        return ExitCodes.BadInput;
    }
}

/// <summary>Duration-valued options whose parse errors name the flag in one line.</summary>
internal static class Durations
{
    public static Option<TimeSpan?> Optional(string name, string alias, string description) => new(name, alias)
    {
        Description = description,
        CustomParser = r => Parse(name, r),
    };

    public static Option<TimeSpan> WithDefault(string name, TimeSpan fallback, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => Parse(name, r) ?? fallback,
    };

    private static TimeSpan? Parse(string name, ArgumentResult r)
    {
        string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (DurationParser.TryParse(text, out var d)) return d;
        r.AddError($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 2m, 1m30s)");
        return null;
    }
}
