using System.Net;
using Bench.Servers.App;
using Bench.Servers.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bench.Servers.Kestrel;

/// <summary>
/// The production reference: the same demo app on ASP.NET Core's Kestrel with its defaults, but for a
/// cap on connections at the descriptor limit in front of its socket transport (<see cref="ConnectionCap"/>).
/// </summary>
public sealed class KestrelServer(KestrelOptions options) : IBenchServer
{
    private WebApplication? _app;
    private readonly ConnectionCap _cap = new("bench-kestrel");

    public int Port { get; private set; }
    public string Scheme => options.Certificate is null ? "http" : "https";
    public ServerStats Stats { get; } = new() { Model = "kestrel" };

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.GracefulTimeout);
        // Kestrel's socket transport behind the connection cap (ConnectionCap says why), in place of the plain one.
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new CappedTransport(
            new SocketTransportFactory(services.GetRequiredService<IOptions<SocketTransportOptions>>(), services.GetRequiredService<ILoggerFactory>()), _cap));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = true;
            kestrel.Limits.RequestHeadersTimeout = options.HeaderTimeout;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port, listen =>
            {
                // Counted before TLS: /stats' connections are TCP connections, handshakes included.
                listen.Use(next => async connection =>
                {
                    Stats.ConnectionOpened();
                    try { await next(connection); }
                    finally
                    {
                        Stats.ConnectionClosed();
                        _cap.Returned();
                    }
                });
                if (options.Certificate is { } certificate)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                }
                else if (options.Http2Cleartext)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }
            });
        });
        _app = builder.Build();
        _app.UseExceptionHandler(error => error.Run(async context =>
        {
            // A bad query parameter is the client's fault: 400 with the message, as on the twins.
            var problem = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            context.Response.StatusCode = problem is DemoParameterError ? 400 : 500;
            context.Response.ContentType = DemoPayloads.TextPlain;
            await context.Response.Body.WriteAsync(DemoPayloads.Message(problem is DemoParameterError ? problem.Message : "Internal Server Error"));
        }));
        _app.UseStatusCodePages(async status =>
        {
            // Routing's bare 404/405 get the same text body the twins send.
            var response = status.HttpContext.Response;
            response.ContentType = DemoPayloads.TextPlain;
            await response.Body.WriteAsync(DemoPayloads.Message(response.StatusCode == 405 ? "method not allowed" : "not found"));
        });
        var stopping = _app.Lifetime.ApplicationStopping;
        KestrelWebSockets.Map(_app, Stats, new ChatHub(), stopping);
        KestrelDemoApp.Map(_app, Stats, stopping);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        // Sized once listening: the request path's first use loads about 16 more assemblies (33
        // descriptors measured, the runtime keeps each open), which the budget's headroom covers.
        _cap.Size();
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_app is null) return;
        using var timeout = new CancellationTokenSource(grace);
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.DisposeAsync();
        _app = null;
    }
}
