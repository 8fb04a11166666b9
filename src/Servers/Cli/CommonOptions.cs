using System.CommandLine;
using Bench.Servers.Http;

namespace Bench.Servers.Cli;

/// <summary>The options every target shares: where to listen, request limits and shutdown.</summary>
internal sealed class CommonOptions
{
    public Option<string> Host { get; } = new("--host") { Description = "Address to listen on (loopback by default)", DefaultValueFactory = _ => "127.0.0.1" };
    public Option<int> Port { get; } = RangeOption.Int("--port", "Port to listen on; 0 picks a free one", 8000, 0, 65535);
    public Option<double> HeaderTimeout { get; } = RangeOption.Seconds("--header-timeout", "Time allowed for a request head once its first byte arrived (408 after)", 30, 0.1, 3600);
    public Option<long> MaxBody { get; } = new("--max-body") { Description = "Largest request body in bytes (413 above) [0..]", DefaultValueFactory = _ => 30_000_000 };
    public Option<double> GracefulTimeout { get; } = RangeOption.Seconds("--graceful-timeout", "Time in-flight work gets to finish on SIGTERM", 30, 0, 3600);

    public CommonOptions()
    {
        Host.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value != "localhost" && !System.Net.IPAddress.TryParse(value, out _)) r.AddError($"--host: must be an IP address (got '{value}')");
        });
        MaxBody.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0) r.AddError($"--max-body: must be 0 or more (got {r.GetValueOrDefault<long>()})");
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(HeaderTimeout);
        command.Options.Add(MaxBody);
        command.Options.Add(GracefulTimeout);
    }

    public HttpLimits Limits(ParseResult result) => new()
    {
        HeaderTimeout = TimeSpan.FromSeconds(result.GetValue(HeaderTimeout)),
        MaxBodyBytes = result.GetValue(MaxBody),
    };
}
