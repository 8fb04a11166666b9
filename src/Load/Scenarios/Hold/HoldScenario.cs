using System.Text;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Hold;

/// <summary>
/// <c>hold</c>: N idle keep-alive HTTP connections, each sending a small request every
/// <see cref="StreamOptions.PingInterval"/> (below the server's keep-alive timeout) or, with 0,
/// one request and then silence. It measures what idle clients cost the server (RSS, threads)
/// and whether it keeps them; a last request at the end tells held from silently dropped.
/// </summary>
public sealed class HoldScenario : ILongLivedScenario
{
    public HoldScenario(StreamOptions spec)
    {
        Spec = spec;
        Target = SessionTarget.For(spec);
        Request = Encoding.ASCII.GetBytes($"GET {spec.PathAndQuery} HTTP/1.1\r\nHost: {spec.HostHeader}\r\n\r\n");
    }

    public StreamOptions Spec { get; }

    internal SessionTarget Target { get; }

    public Bench.Load.Metrics.TlsMetrics? Tls => (Target.Transports as Clients.Tls.TlsTransport.Factory)?.Metrics;

    internal byte[] Request { get; }

    public string Name => "hold";

    public string Describe() => Spec.PingInterval > TimeSpan.Zero
        ? $"hold keep-alive http://{Spec.HostHeader}{Spec.PathAndQuery}, one request every {Models.ModelText.Duration(Spec.PingInterval)}"
        : $"hold keep-alive http://{Spec.HostHeader}{Spec.PathAndQuery}, silent after the first request";

    public StreamMetrics CreateMetrics(int connections) => new(HoldLayout.Layout) { Capacity = CapacityCheck.Check(connections, Spec.SourceAddresses.Count) };

    public IVirtualUser CreateUser(VuContext context) =>
        new HoldSession(this, context.Metrics.Stream ?? throw new InvalidOperationException("run hold through LoadRunner"), context.Index, context.Timeout);

    public void Dispose() => Target.Dispose();
}
