using System.Net;
using System.Net.Http;
using Bench.Load.Clients;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Microsoft.Extensions.Logging;

namespace Bench.Load.Code;

/// <summary>
/// A <see cref="Scenario"/> as the engine sees it: an <see cref="IScenario"/> whose users run the
/// scenario function once per iteration. It owns what the users share: the transport's event
/// loops and the HTTP timeout watchdog, as <see cref="HttpScenario"/> does for the CLI.
/// </summary>
internal sealed class CodeScenarioHost : IScenario, IDisposable
{
    private readonly Scenario _scenario;
    private readonly HttpTarget? _target;
    private readonly IPEndPoint? _endpoint;
    private readonly ITransportFactory? _transports;
    private HttpMessageInvoker? _streamHandler;

    /// <param name="transport">"epoll", "sockets" or null for the platform's best, as the CLI's --client.</param>
    public CodeScenarioHost(Scenario scenario, Uri? baseUrl, ILogger logger, string? transport)
    {
        _scenario = scenario;
        Logger = logger;
        if (baseUrl is null) return;
        BaseUrl = baseUrl;
        _target = new HttpTarget { Url = baseUrl };
        _endpoint = _target.ResolveEndpoint();
        _transports = transport is null ? Transports.Default() : Transports.Create(transport);
    }

    public Uri? BaseUrl { get; }

    public ILogger Logger { get; }

    public string HostHeader => _target?.HostHeader ?? throw NoBaseUrl();

    public string Name => _scenario.Name;

    public string Describe() =>
        BaseUrl is null ? $"code scenario '{Name}'" : $"code scenario '{Name}' on {BaseUrl.GetLeftPart(UriPartial.Authority)} [{_transports!.Name}]";

    public IVirtualUser CreateUser(VuContext context)
    {
        var ctx = new ScenarioContext(this, context);
        return BaseUrl is null ? new CodeVirtualUser(_scenario, ctx, context.Metrics) : new PreciseCodeVirtualUser(_scenario, ctx, context.Metrics);
    }

    /// <summary>
    /// <paramref name="path"/> on the base URL, as ws:// for a WebSocket. WebSockets and SSE of
    /// code scenarios go through .NET's own clients on one handler the scenario shares.
    /// </summary>
    public Uri StreamUrl(string path, bool webSocket)
    {
        if (BaseUrl is null) throw NoBaseUrl();
        var url = new Uri(BaseUrl, path);
        return webSocket ? new UriBuilder(url) { Scheme = "ws", Port = url.Port }.Uri : url;
    }

    public HttpMessageInvoker StreamHandler
    {
        get
        {
            if (Volatile.Read(ref _streamHandler) is { } existing) return existing;
            var created = new HttpMessageInvoker(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
            });
            var handler = Interlocked.CompareExchange(ref _streamHandler, created, null) ?? created;
            if (!ReferenceEquals(handler, created)) created.Dispose();
            return handler;
        }
    }

    public VuHttpClient CreateHttp(int vuId, TimeSpan timeout, IterationTally tally)
    {
        if (_target is null) throw NoBaseUrl();
        var connection = new HttpConnection(_endpoint!, timeout, _transports!.Create(vuId));
        return new VuHttpClient(connection, _target.HostHeader, tally);
    }

    private InvalidOperationException NoBaseUrl() =>
        new($"scenario '{Name}': the load test has no BaseUrl, so ctx.Http, WebSockets and SSE have nowhere to connect");

    public void Dispose()
    {
        _streamHandler?.Dispose();
        _transports?.Dispose();
    }
}

/// <summary>Runs the scenario function as one iteration and turns how it ended into the engine's outcome.</summary>
internal class CodeVirtualUser(Scenario scenario, ScenarioContext context, Bench.Load.Metrics.RunMetrics metrics) : IVirtualUser
{
    protected ScenarioContext Context => context;

    public async ValueTask<IterationOutcome> IterateAsync()
    {
        var tally = context.Tally;
        tally.Reset();
        long start = Bench.Load.Metrics.Clock.Now;
        var error = ErrorKind.None;
        try
        {
            await scenario.Run(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = context.FailureKind(ex);
            if (error == ErrorKind.Exception) metrics.Steps.CountException(ex.GetType());
        }
        context.Iteration++;
        // Status 0: each response was counted as it arrived (an iteration may make several).
        return new IterationOutcome(start, 0, Bench.Load.Metrics.Clock.Now, tally.ConnectTicks, 0, error, tally.BytesRead, tally.BytesWritten);
    }

    public void Abort() => context.Abort();

    public ValueTask DisposeAsync() => context.DisposeAsync();
}

/// <summary>
/// With a base URL, open models wait for each intended start on the VU's own connection's
/// event loop, exactly as the CLI's HTTP users do, instead of a millisecond timer.
/// </summary>
internal sealed class PreciseCodeVirtualUser(Scenario scenario, ScenarioContext context, Bench.Load.Metrics.RunMetrics metrics)
    : CodeVirtualUser(scenario, context, metrics), IPreciseWait
{
    public ValueTask<bool> WaitUntilAsync(long timestamp) => Context.DelayUntilAsync(timestamp);
}
