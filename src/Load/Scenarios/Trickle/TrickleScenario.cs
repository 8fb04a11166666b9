using System.Text;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.Trickle;

/// <summary>
/// <c>trickle</c> (slowloris): N connections, each sending an ordinary request head one byte every
/// <see cref="StreamOptions.TrickleInterval"/>, on the same event loops as every other scenario. A
/// finished head gets its answer read and the next head trickles on the same connection; a server that
/// answers early (408 from a header timeout) or closes is counted and connected to again. It measures
/// what slow clients cost a server: a thread pool gives each one a thread while its head arrives,
/// an event loop a buffer (run a /hello probe beside it in a mixed run).
/// </summary>
public sealed class TrickleScenario : ILongLivedScenario
{
    public TrickleScenario(StreamOptions spec)
    {
        Spec = spec;
        Target = SessionTarget.For(spec);
        Request = Encoding.ASCII.GetBytes($"GET {spec.PathAndQuery} HTTP/1.1\r\nHost: {spec.HostHeader}\r\nUser-Agent: loadgen-trickle\r\nAccept: */*\r\n\r\n");
    }

    public StreamOptions Spec { get; }

    internal SessionTarget Target { get; }

    /// <summary>The head each connection trickles, byte by byte.</summary>
    public byte[] Request { get; }

    public string Name => "trickle";

    public string Describe() =>
        $"trickle GET http://{Spec.HostHeader}{Spec.PathAndQuery}: a {Request.Length}-byte head, one byte every {Models.ModelText.Duration(Spec.TrickleInterval)}";

    public StreamMetrics CreateMetrics(int connections) => new(TrickleLayout.Layout) { Capacity = CapacityCheck.Check(connections, Spec.SourceAddresses.Count) };

    public IVirtualUser CreateUser(VuContext context) =>
        new TrickleSession(this, context.Metrics.Stream ?? throw new InvalidOperationException("run trickle through LoadRunner"), context.Index, context.Timeout);

    public void Dispose() => Target.Dispose();
}
