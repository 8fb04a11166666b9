using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Micro;

/// <summary>
/// ASGI dispatch without I/O: build the http scope for a parsed /hello request, run the demo app,
/// and collect the event dicts it sends — the per-request cost of the ASGI interface itself.
/// </summary>
public class AsgiDispatchBenchmarks
{
    private readonly AsgiApp _app;
    private readonly RequestHead _head;
    private readonly IPEndPoint _client = new(IPAddress.Loopback, 40000);
    private readonly IPEndPoint _server = new(IPAddress.Loopback, 8000);
    private readonly Dictionary<string, object?> _state = new();
    private readonly AsgiReceive _receive;
    private readonly AsgiSend _send;
    private int _sent;

    public AsgiDispatchBenchmarks()
    {
        var runtime = new AsgiRuntime(Gil.None, new ServerStats { Model = "micro" }, new ThreadPoolOffload(1, Gil.None), CancellationToken.None);
        _app = new AsgiDemoApp(runtime).Invoke;
        RequestHeadParser.TryParse(Encoding.ASCII.GetBytes("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"), new HttpLimits(), out _head, out _);
        _receive = () => ValueTask.FromResult(new Dictionary<string, object?> { ["type"] = "http.request", ["body"] = Array.Empty<byte>(), ["more_body"] = false });
        _send = message => { _sent++; return ValueTask.CompletedTask; };
    }

    [Benchmark]
    public int DispatchHello()
    {
        var scope = AsgiScope.Http(_head, _client, _server, _state);
        _app(scope, _receive, _send).GetAwaiter().GetResult();
        return _sent;
    }
}
