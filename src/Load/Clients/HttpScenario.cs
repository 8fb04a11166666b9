using Bench.Load.Vocabulary;
using System.Net;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;

namespace Bench.Load.Clients;

/// <summary>HTTP/1.1 request scenario (https:// over TLS): each VU keeps one keep-alive connection and sends the mix.</summary>
public sealed class HttpScenario : IScenario, IDisposable
{
    private readonly HttpTarget _target;
    private readonly IPEndPoint _endpoint;
    private readonly byte[][] _encoded;
    private readonly bool[] _isHead;
    private readonly int[] _cumulativeWeights;
    private readonly ITransportFactory _transports;

    /// <param name="transports">How bytes move; by default epoll where supported (Linux x86-64), else Socket.</param>
    public HttpScenario(HttpTarget target, ITransportFactory? transports = null)
    {
        _target = target;
        _transports = transports ?? Transports.Default();
        if (target.IsTls) _transports = new Tls.TlsTransport.Factory(_transports, target.Tls, target.Url.IdnHost);
        _endpoint = target.ResolveEndpoint();
        var requests = target.EffectiveRequests;
        _encoded = requests.Select(r => RequestEncoder.Encode(r, target.HostHeader)).ToArray();
        _isHead = requests.Select(r => r.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase)).ToArray();
        _cumulativeWeights = WeightedPicker.Cumulative(requests);
    }

    public string Name => "http";

    public Bench.Load.Metrics.TlsMetrics? Tls => (_transports as Tls.TlsTransport.Factory)?.Metrics;

    public string Describe()
    {
        var requests = _target.EffectiveRequests;
        return (requests.Count == 1
            ? $"{requests[0].Method} {new Uri(_target.Url, requests[0].Path)}"
            : $"{requests.Count} requests (weighted) on {_target.Url.GetLeftPart(UriPartial.Authority)}") + $" [{_transports.Name}]";
    }

    public IVirtualUser CreateUser(VuContext context) =>
        new HttpVirtualUser(this, new HttpConnection(_endpoint, context.Timeout, _transports.Create(context.Index)), WeightedPicker.SeedFor(context.Index));

    public void Dispose() => _transports.Dispose();

    private sealed class HttpVirtualUser(HttpScenario scenario, HttpConnection connection, uint seed) : IVirtualUser, IPreciseWait
    {
        public ValueTask<bool> WaitUntilAsync(long timestamp) => connection.DelayUntilAsync(timestamp);

        private WeightedPicker _picker = new(scenario._cumulativeWeights, seed);

        public ValueTask<IterationOutcome> IterateAsync()
        {
            int i = _picker.Next();
            return connection.ExecuteAsync(scenario._encoded[i], scenario._isHead[i]);
        }

        public void Abort() => connection.Abort();

        public ValueTask DisposeAsync()
        {
            connection.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
