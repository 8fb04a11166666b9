namespace Bench.Servers.Hosting;

/// <summary>One running target (wsgi, asgi or kestrel), started in-process; the CLI and the tests use the same type.</summary>
public interface IBenchServer : IAsyncDisposable
{
    /// <summary>The bound port (the real one when 0 was asked for). Valid after <see cref="StartAsync"/>.</summary>
    int Port { get; }

    ServerStats Stats { get; }

    /// <summary>"http", or "https" for a target serving TLS; the ready line names it.</summary>
    string Scheme => "http";

    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Graceful stop: stop accepting, let in-flight work finish up to <paramref name="grace"/>, then close.</summary>
    Task StopAsync(TimeSpan grace);
}
