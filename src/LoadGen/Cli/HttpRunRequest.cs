using Bench.Load.Clients;
using Bench.Load.Clients.Http2;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Scenarios.Mixed;
using Bench.Load.Thresholds;
using Bench.LoadGen.Scale;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen run --url ...</c> with the default <c>--scenario http</c>: one HTTP scenario under one load
/// model, on loadgen's event-loop transports, or with --http2 on SocketsHttpHandler (h2 by ALPN, h2c).
/// </summary>
internal sealed class HttpRunRequest : RunRequest
{
    private readonly RunOptions _options;
    private readonly HttpTarget _target;
    private readonly ILoadModel _model;
    private readonly IReadOnlyList<Threshold> _thresholds;
    private readonly int? _http2Streams;

    private HttpRunRequest(RunOptions options, HttpTarget target, ILoadModel model, IReadOnlyList<Threshold> thresholds, int? http2Streams)
    {
        _options = options;
        _target = target;
        _model = model;
        _thresholds = thresholds;
        _http2Streams = http2Streams;
    }

    /// <summary>
    /// Checks the HTTP flags; null (with every problem in <paramref name="errors"/>) when they do not make a
    /// run. <paramref name="http2Streams"/>: streams per connection with --http2, null for HTTP/1.1.
    /// </summary>
    public static HttpRunRequest? Read(RunOptions options, ScaleRequest scale, int? http2Streams, List<string> errors)
    {
        var target = PlanFactory.BuildTarget(options, errors);
        var model = PlanFactory.BuildModel(options, errors, scale.Shard);
        var thresholds = PlanFactory.BuildThresholds(options, errors);
        PlanFactory.CheckTimes(options, errors);
        var cpus = PlanFactory.ReadCpus(options, errors);
        if (errors.Count > 0 || target is null || model is null) return null;
        return new HttpRunRequest(options, target, model, thresholds, http2Streams) { Cpus = cpus, Scale = scale };
    }

    public override IReadOnlyList<MixedPart>? Build(TextWriter stdout, List<string> errors)
    {
        ITransportFactory transports;
        try
        {
            transports = _options.Client is null ? Transports.Default() : Transports.Create(_options.Client);
        }
        catch (PlatformNotSupportedException ex)
        {
            errors.Add($"--client: {ex.Message}");
            return null;
        }
        IScenario scenario;
        try
        {
            if (_http2Streams is { } streams)
            {
                scenario = Own(new Http2Scenario(_target, streams));
                // SocketsHttpHandler brings its own sockets: the event-loop transports are not used.
                transports.Dispose();
            }
            else scenario = Own(new HttpScenario(_target, transports));
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException)
        {
            transports.Dispose();
            errors.Add($"--url: cannot resolve '{_target.Url.Host}': {ex.Message}");
            return null;
        }
        var plan = new RunPlan
        {
            Scenario = scenario,
            Model = _model,
            Warmup = _options.Warmup,
            Timeout = _options.Timeout,
            GracefulStop = _options.GracefulStop,
            Thresholds = _thresholds,
            Cpus = Cpus,
            CommandLine = CommandLine(),
        };
        return [Single(scenario.Name, ScaleOptions.Cut(plan, Scale))];
    }

    public override string Banner(IReadOnlyList<MixedPart> parts) =>
        $"loadgen: {_model.Kind}, {parts[0].Plan.Model.Describe()} -> {parts[0].Plan.Scenario.Describe()}";

    public override IReadOnlyList<IRunObserver> Progress(TextWriter stdout, bool interactive, IReadOnlyList<MixedPart> parts)
    {
        var model = parts[0].Plan.Model;
        if (interactive) return [new LiveProgress(model.Describe())];
        var every = _model.Duration > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);
        return [new PlainProgress(stdout, every)];
    }
}
