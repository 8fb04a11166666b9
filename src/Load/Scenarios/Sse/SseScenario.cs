using System.Text;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Sse;

/// <summary>
/// <c>sse</c>: each user subscribes once and reads the stream on the event loop (see
/// <see cref="SseSession"/>): no buffer of its own while it waits for the next event.
/// </summary>
public sealed class SseScenario : ILongLivedScenario
{
    public SseScenario(StreamOptions spec)
    {
        Spec = spec;
        Target = SessionTarget.For(spec);
        Request = Encode(spec, lastEventId: 0);
    }

    public StreamOptions Spec { get; }

    internal SessionTarget Target { get; }

    public Bench.Load.Metrics.TlsMetrics? Tls => (Target.Transports as Clients.Tls.TlsTransport.Factory)?.Metrics;

    internal byte[] Request { get; }

    public string Name => "sse";

    public string Describe() =>
        $"SSE {new Uri(Spec.Url, Spec.PathAndQuery)} ({(Spec.Events == 0 ? "until the hold ends" : $"{Spec.Events:N0} events")}{(Spec.Reconnect ? ", reconnecting with Last-Event-ID" : "")})";

    public StreamMetrics CreateMetrics(int connections) => new(SseLayout.Layout) { Capacity = CapacityCheck.Check(connections, Spec.SourceAddresses.Count) };

    public IVirtualUser CreateUser(VuContext context) =>
        new SseSession(this, context.Metrics.Stream ?? throw new InvalidOperationException("run the sse scenario through LoadRunner"), context.Index, context.Timeout);

    /// <summary>GET with Accept: text/event-stream; Last-Event-ID on a resume (WHATWG HTML §9.2.4).</summary>
    internal static byte[] Encode(StreamOptions spec, long lastEventId) => Encoding.ASCII.GetBytes(
        $"GET {spec.PathAndQuery} HTTP/1.1\r\nHost: {spec.HostHeader}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n" +
        (lastEventId > 0 ? $"Last-Event-ID: {lastEventId}\r\n" : "") + "\r\n");

    public void Dispose() => Target.Dispose();
}
