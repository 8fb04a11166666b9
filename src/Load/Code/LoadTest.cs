using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Thresholds;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bench.Load.Code;

/// <summary>
/// A code scenario, a load model and pass/fail rules: what <c>loadgen run</c> takes as flags,
/// as a record. <see cref="RunAsync"/> runs it on the CLI's own engine and returns the same
/// <see cref="RunResult"/>, optionally written to the same results file.
/// <code>
/// var result = await new LoadTest
/// {
///     Scenario = scenario,
///     BaseUrl = new Uri("http://127.0.0.1:8080"),
///     Model = new ConstantVus { Vus = 10, Duration = TimeSpan.FromSeconds(5) },
///     Thresholds = ["p99&lt;50ms", "errors==0", "step[get user].p99&lt;20ms"],
/// }.RunAsync();
/// </code>
/// </summary>
public sealed record LoadTest
{
    public required Scenario Scenario { get; init; }

    /// <summary>
    /// The load model, with the CLI's names and rules: <see cref="ConstantVus"/>,
    /// <see cref="RampingVus"/>, <see cref="PerVuIterations"/> (closed), <see cref="ConstantRate"/>,
    /// <see cref="RampingRate"/> (open: latency from the intended start, coordinated omission corrected).
    /// </summary>
    public required ILoadModel Model { get; init; }

    /// <summary>Where <c>ctx.Http</c>, WebSockets and SSE connect (http:// only); null for scenarios that bring their own clients.</summary>
    public Uri? BaseUrl { get; init; }

    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public TimeSpan GracefulStop { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect and response timeout of each request, and of each WebSocket or SSE operation.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The CLI's threshold grammar (<c>p99&lt;200ms</c>, <c>errors&lt;1%</c>, <c>rate&gt;500</c>), plus <c>step[name].rule</c> for a named step.</summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>Results JSON, rewritten every second while the run lasts, as <c>loadgen run --out</c>.</summary>
    public string? ResultsFile { get; init; }

    /// <summary>What <c>ctx.Logger</c> writes to; nothing by default.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>"epoll" or "sockets", as the CLI's --client; null picks the platform's best.</summary>
    public string? Transport { get; init; }

    /// <summary>The engine's validity limits (generator CPU, scheduler lag, dropped iterations).</summary>
    public ValidityLimits Limits { get; init; } = new();

    /// <summary>Further observers of the run (progress display, your own sampling).</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>Every problem with the test as one line each, naming the field; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ParseThresholds(problems);
        if (BaseUrl is not null && (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme != Uri.UriSchemeHttp))
            problems.Add($"BaseUrl: must be an absolute http:// URL (got '{BaseUrl}')");
        if (Transport is not null && !Clients.Transport.Transports.Names.Contains(Transport))
            problems.Add($"Transport: must be {string.Join(" or ", Clients.Transport.Transports.Names)} (got '{Transport}')");
        // The engine's own rules for the model and the times; a host without a base URL opens nothing.
        using var idle = new CodeScenarioHost(Scenario, null, Logger, null);
        problems.AddRange(Plan(idle, []).Validate().Select(FieldName));
        return problems;
    }

    /// <summary>Runs the test to its end (or <paramref name="cancellationToken"/>: then the result says "interrupted").</summary>
    /// <exception cref="PlanValidationException">A field is invalid; nothing was sent. Its message names every bad field.</exception>
    public async Task<LoadTestResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var problems = Validate();
        if (problems.Count > 0) throw new PlanValidationException(problems);

        using var host = new CodeScenarioHost(Scenario, BaseUrl, Logger, Transport);
        var observers = new List<IRunObserver>();
        if (ResultsFile is not null) observers.Add(new ResultsFileObserver(ResultsFile, Console.Error));
        if (Observer is not null) observers.Add(Observer);
        var run = await new LoadRunner().RunAsync(Plan(host, ParseThresholds([])), new CompositeObserver([.. observers]), cancellationToken).ConfigureAwait(false);
        return new LoadTestResult(run, ResultsFile is null ? null : Path.GetFullPath(ResultsFile));
    }

    /// <summary>The engine names fields as the CLI's records do ("vus", "warmup"); say them as this record's properties.</summary>
    private static string FieldName(string problem) =>
        problem.StartsWith("warmup:", StringComparison.Ordinal) || problem.StartsWith("gracefulStop:", StringComparison.Ordinal) || problem.StartsWith("timeout:", StringComparison.Ordinal)
            ? char.ToUpperInvariant(problem[0]) + problem[1..]
            : "Model." + problem;

    private RunPlan Plan(CodeScenarioHost host, IReadOnlyList<Threshold> thresholds) => new()
    {
        Scenario = host,
        Model = Model,
        Warmup = Warmup,
        GracefulStop = GracefulStop,
        Timeout = Timeout,
        Thresholds = thresholds,
        Limits = Limits,
    };

    private List<Threshold> ParseThresholds(List<string> problems)
    {
        var list = new List<Threshold>();
        foreach (var expression in Thresholds)
        {
            if (ThresholdParser.TryParse(expression, out var t, out string why)) list.Add(t!);
            else problems.Add($"Thresholds: {why}");
        }
        return list;
    }
}
