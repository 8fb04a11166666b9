using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.WsEcho;

/// <summary>
/// <c>ws-echo</c>: each client sends binary messages of a fixed size on its own open schedule
/// (message k due at k / rate) and matches the echoes; RTT is taken from the intended send
/// time, so a stalled server shows in the percentiles instead of slowing the schedule.
/// </summary>
public sealed class WsEchoScenario : ILongLivedScenario
{
    public WsEchoScenario(StreamOptions spec)
    {
        Spec = spec;
        Target = SessionTarget.For(spec);
    }

    public StreamOptions Spec { get; }

    internal SessionTarget Target { get; }

    public Bench.Load.Metrics.TlsMetrics? Tls => (Target.Transports as Clients.Tls.TlsTransport.Factory)?.Metrics;

    public string Name => "ws-echo";

    public string Describe() =>
        $"WebSocket echo ws://{Spec.HostHeader}{Spec.PathAndQuery}, {Spec.MessageSize:N0} B at {Spec.MessageRate:0.##}/s per client";

    public StreamMetrics CreateMetrics(int connections) => new(WsEchoLayout.Layout) { Capacity = CapacityCheck.Check(connections, Spec.SourceAddresses.Count) };

    public IVirtualUser CreateUser(VuContext context) =>
        new WsEchoSession(this, context.Metrics.Stream ?? throw new InvalidOperationException("run ws-echo through LoadRunner"), context.Index, context.Timeout);

    public void Dispose() => Target.Dispose();
}
