using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using Bench.Load.Clients.Tls;
using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Vocabulary;

namespace Bench.Load.Clients.Http2;

/// <summary>
/// HTTP/2 request scenario (<c>--http2</c>): users are streams, <see cref="StreamsPerConnection"/> of
/// them share a connection (user i on connection i / N), so 100 users at 10 streams each are 10
/// connections with 10 concurrent streams; each user's latency is its stream's. h2 by ALPN for
/// https://, h2c with prior knowledge for http://. Built on the runtime's <see cref="SocketsHttpHandler"/>
/// (one per connection), not on the event loops: its framing, flow control and HPACK are the
/// runtime's, and so is its CPU per request (README, "What HTTPS and HTTP/2 cost the generator").
/// </summary>
public sealed class Http2Scenario : IScenario, IDisposable
{
    private readonly HttpTarget _target;
    private readonly IPEndPoint _endpoint;
    private readonly TlsClientContext? _tls;
    private readonly Dictionary<int, Http2Connection> _connections = [];
    private readonly HttpRequestSpec[] _requests;
    private readonly int[] _cumulativeWeights;

    public Http2Scenario(HttpTarget target, int streamsPerConnection)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamsPerConnection, 1);
        _target = target;
        StreamsPerConnection = streamsPerConnection;
        _endpoint = target.ResolveEndpoint();
        if (target.IsTls)
        {
            _tls = target.Tls.Load();
            Tls = target.Tls.NewMetrics();
        }
        _requests = [.. target.EffectiveRequests];
        _cumulativeWeights = WeightedPicker.Cumulative(_requests);
    }

    public int StreamsPerConnection { get; }

    public string Name => "http2";

    public TlsMetrics? Tls { get; }

    public string Describe()
    {
        var requests = _target.EffectiveRequests;
        string what = requests.Count == 1
            ? $"{requests[0].Method} {new Uri(_target.Url, requests[0].Path)}"
            : $"{requests.Count} requests (weighted) on {_target.Url.GetLeftPart(UriPartial.Authority)}";
        string insecure = _target.IsTls && _target.Tls.Insecure ? ", TLS INSECURE: certificate not verified" : "";
        return $"{what} [HTTP/2 {(_target.IsTls ? "h2 by ALPN" : "h2c prior knowledge")}, {StreamsPerConnection} streams per connection, SocketsHttpHandler{insecure}]";
    }

    public IVirtualUser CreateUser(VuContext context)
    {
        Http2Connection connection;
        lock (_connections)
        {
            int index = context.Index / StreamsPerConnection;
            if (!_connections.TryGetValue(index, out connection!))
                _connections[index] = connection = new Http2Connection(_endpoint, _target.Url.IdnHost, context.Timeout, _tls, Tls);
        }
        return new Http2User(this, connection, context.Timeout, WeightedPicker.SeedFor(context.Index));
    }

    public void Dispose()
    {
        lock (_connections)
        {
            foreach (var c in _connections.Values) c.Dispose();
            _connections.Clear();
        }
    }

    private sealed class Http2User(Http2Scenario scenario, Http2Connection connection, TimeSpan timeout, uint seed) : IVirtualUser
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private CancellationTokenSource _deadline = new();
        private WeightedPicker _picker = new(scenario._cumulativeWeights, seed);
        private volatile bool _aborted;

        public async ValueTask<IterationOutcome> IterateAsync()
        {
            var spec = scenario._requests[_picker.Next()];
            long start = Clock.Now, firstByte = 0, read = 0;
            int status = 0;
            ErrorKind error;
            using var request = new HttpRequestMessage(new HttpMethod(spec.Method), new Uri(scenario._target.Url, spec.Path))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            foreach (var (name, value) in spec.Headers)
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content ??= new ByteArrayContent(spec.Body ?? []);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            if (spec.Body is { } body && request.Content is null) request.Content = new ByteArrayContent(body);
            _deadline.CancelAfter(timeout);
            try
            {
                using var response = await connection.Invoker.SendAsync(request, _deadline.Token).ConfigureAwait(false);
                firstByte = Clock.Now;
                status = (int)response.StatusCode;
                using var content = await response.Content.ReadAsStreamAsync(_deadline.Token).ConfigureAwait(false);
                for (int n; (n = await content.ReadAsync(_buffer, _deadline.Token).ConfigureAwait(false)) > 0;) read += n;
                error = status >= 400 ? ErrorKind.HttpStatus : ErrorKind.None;
            }
            catch (OperationCanceledException)
            {
                error = _aborted ? ErrorKind.Interrupted : ErrorKind.Timeout;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                error = _aborted ? ErrorKind.Interrupted : Classify(e);
            }
            finally
            {
                if (!_deadline.TryReset())
                {
                    _deadline.Dispose();
                    _deadline = new CancellationTokenSource();
                }
            }
            // Bytes are the response bodies only: HTTP/2 headers are compressed (HPACK) and framed by the runtime.
            return new IterationOutcome(start, firstByte, Clock.Now, 0, status, error, read, spec.Body?.Length ?? 0);
        }

        private ErrorKind Classify(Exception e)
        {
            for (var x = e; x is not null; x = x.InnerException)
            {
                switch (x)
                {
                    case AuthenticationException:
                        scenario.Tls?.Failed();
                        return connection.Failures?.Classify(x) ?? ErrorKind.TlsHandshake;
                    case HttpProtocolException p:
                        // The runtime says "reset the stream" for RST_STREAM; connection errors (GOAWAY with an error) otherwise.
                        return p.Message.Contains("reset the stream", StringComparison.OrdinalIgnoreCase) ? ErrorKind.H2Reset : ErrorKind.H2GoAway;
                    case SocketException s:
                        return SocketErrors.Classify(s.SocketErrorCode, connecting: e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError });
                }
            }
            return e switch
            {
                // The server speaks no HTTP/2 (ALPN chose http/1.1 or nothing; h2c answered with HTTP/1.1).
                HttpRequestException { HttpRequestError: HttpRequestError.VersionNegotiationError } => ErrorKind.TlsAlpnRefused,
                HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => ErrorKind.TlsHandshake,
                HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => ErrorKind.Protocol,
                _ => ErrorKind.Reset,
            };
        }

        public void Abort()
        {
            _aborted = true;
            try
            {
                _deadline.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public ValueTask DisposeAsync()
        {
            _deadline.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
