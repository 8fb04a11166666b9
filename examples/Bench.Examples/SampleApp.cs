using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bench.Examples;

/// <summary>
/// The app under test: a small ASP.NET Core minimal API on a free loopback port. In your own
/// tests this is your service (or the URL of a deployed one).
/// </summary>
public sealed class SampleApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleApp(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<SampleApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/users/{id:int}", (int id) => Results.Json(new User(id, $"user {id}"), UserJson.Default.User));
        app.MapPost("/upload", async (HttpRequest request) =>
        {
            long length = 0;
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await request.Body.ReadAsync(buffer)) > 0) length += n;
            return Results.Text($"{{\"bytes\":{length}}}", "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SampleApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record User(int Id, string Name);

[System.Text.Json.Serialization.JsonSerializable(typeof(User))]
internal sealed partial class UserJson : System.Text.Json.Serialization.JsonSerializerContext;
