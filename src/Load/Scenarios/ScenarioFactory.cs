using System.Net;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Scenarios.Hold;
using Bench.Load.Scenarios.Sse;
using Bench.Load.Scenarios.Trickle;
using Bench.Load.Scenarios.WsChat;
using Bench.Load.Scenarios.WsEcho;
using Bench.Load.Thresholds;

namespace Bench.Load.Scenarios;

/// <summary>
/// Builds long-lived scenarios from <see cref="StreamOptions"/>: the one call the CLI, scenario
/// files and the suite runner share. The scenario owns a watchdog timer: dispose it after the run.
/// </summary>
public static class ScenarioFactory
{
    /// <exception cref="ArgumentException">The spec has problems (see <see cref="StreamOptions.Validate"/>).</exception>
    public static ILongLivedScenario Create(StreamOptions spec)
    {
        var problems = spec.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(spec));
        return spec.Kind switch
        {
            "sse" => new SseScenario(spec),
            "ws-echo" => new WsEchoScenario(spec),
            "ws-chat" => new WsChatScenario(spec),
            "hold" => new HoldScenario(spec),
            "trickle" => new TrickleScenario(spec),
            _ => throw new ArgumentException($"scenario: unknown kind '{spec.Kind}'", nameof(spec)),
        };
    }

    /// <summary>A plan for one long-lived scenario: the connection ramp as its model, the spec's timeout.</summary>
    public static RunPlan Plan(StreamOptions spec, IScenario scenario, IReadOnlyList<Threshold>? thresholds = null, ValidityLimits? limits = null) => new()
    {
        Scenario = scenario,
        Model = spec.Model,
        Timeout = spec.Timeout,
        // Sessions close themselves when the hold ends; a finite SSE stream may run on to its last event.
        GracefulStop = spec.Kind == "sse" && spec.Events > 0 ? TimeSpan.FromSeconds(Math.Max(10, spec.Events * spec.EventInterval.TotalSeconds + 5)) : TimeSpan.FromSeconds(10),
        Thresholds = thresholds ?? [],
        Limits = limits ?? new ValidityLimits(),
    };

    /// <summary>The target endpoint, resolved once (IPv4 first); ws:// maps to the same host and port.</summary>
    public static IPEndPoint Resolve(Uri url) =>
        new HttpTarget { Url = new UriBuilder(url) { Scheme = "http", Port = url.Port }.Uri }.ResolveEndpoint();

    /// <summary>The threshold prefix each kind's metrics answer to (<c>sse.lag.p99</c>, <c>ws.rtt.p99</c>).</summary>
    public static string ThresholdPrefix(string kind) => kind switch
    {
        "ws-echo" => "ws",
        "ws-chat" => "chat",
        _ => kind,
    };
}
