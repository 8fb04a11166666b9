using System.CommandLine;
using System.CommandLine.Parsing;
using Bench.Load.Clients;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Results;
using Bench.LoadGen.Scale;
using Spectre.Console;
using Bench.Load.Vocabulary;

namespace Bench.LoadGen.Cli;

/// <summary><c>loadgen run</c>: one scenario, one load model, one results file.</summary>
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
        if (_longLived.Applies(parse)) return await _longLived.RunAsync(parse, options, scale, _stdout, _stderr, cancellationToken);
        var target = PlanFactory.BuildTarget(options, errors);
        var model = PlanFactory.BuildModel(options, errors, scale.Shard);
        var thresholds = PlanFactory.BuildThresholds(options, errors);
        PlanFactory.CheckTimes(options, errors);
        IReadOnlyList<int>? cpus = null;
        if (options.Cpu is not null && !CpuListParser.TryParse(options.Cpu, out cpus))
            errors.Add($"--cpu: '{options.Cpu}' is not a CPU list (e.g. 1, 2,3 or 2-3)");
        if (errors.Count > 0 || target is null || model is null) return Fail(errors);

        if (cpus is not null && CpuAffinity.Pin(cpus) is { } pinError) return Fail([$"--cpu: {pinError}"]);

        ITransportFactory transports;
        try
        {
            transports = options.Client is null ? Transports.Default() : Transports.Create(options.Client);
        }
        catch (PlatformNotSupportedException ex)
        {
            return Fail([$"--client: {ex.Message}"]);
        }
        IScenario scenario;
        try
        {
            if (http2)
            {
                scenario = new Bench.Load.Clients.Http2.Http2Scenario(target, streams ?? 1);
                // SocketsHttpHandler brings its own sockets: the event-loop transports are not used.
                transports.Dispose();
            }
            else scenario = new HttpScenario(target, transports);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            transports.Dispose();
            return Fail([$"--url: cannot resolve '{target.Url.Host}': {ex.Message}"]);
        }
        using var _ = (IDisposable)scenario;
        var plan = new RunPlan
        {
            Scenario = scenario,
            Model = model,
            Warmup = options.Warmup,
            Timeout = options.Timeout,
            GracefulStop = options.GracefulStop,
            Thresholds = thresholds,
            Cpus = cpus,
            CommandLine = Environment.GetCommandLineArgs().Skip(1).ToArray(),
        };
        plan = ScaleOptions.Cut(plan, scale);
        var (startAt, startError) = await ScaleOptions.ResolveStartAsync(scale, _stdout, Console.In);
        if (startError is not null) return Fail([startError]);
        plan = ScaleOptions.Start(plan, startAt);

        var observers = new List<IRunObserver>();
        if (options.Out is not null) observers.Add(new ResultsFileObserver(options.Out, _stderr));
        bool interactive = ReferenceEquals(_stdout, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive
            && Environment.GetEnvironmentVariable("CI") is null;
        var runner = new LoadRunner();
        RunResult result;
        _stdout.WriteLine($"loadgen: {model.Kind}, {plan.Model.Describe()} -> {scenario.Describe()}");
        if (interactive)
        {
            var live = new LiveProgress(plan.Model.Describe());
            observers.Add(live);
            result = await live.ShowWhileAsync(() => runner.RunAsync(plan, new CompositeObserver([.. observers]), cancellationToken));
        }
        else
        {
            var every = model.Duration > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
            observers.Add(new PlainProgress(_stdout, every));
            result = await runner.RunAsync(plan, new CompositeObserver([.. observers]), cancellationToken);
        }
        ResultPrinter.Print(result, _stdout);
        if (options.Out is not null) _stdout.WriteLine($"  results    {Path.GetFullPath(options.Out)}");
        return result.ExitCode ?? ExitCodes.Invalid;
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
