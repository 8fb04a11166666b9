using System.CommandLine;
using Bench.Servers.Kestrel;

namespace Bench.Servers.Cli;

internal static class KestrelCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("kestrel", "Reference: the same demo app on ASP.NET Core's Kestrel (the .NET production event-driven server)");
        common.AddTo(command);
        command.SetAction(result =>
        {
            var options = new KestrelOptions
            {
                Host = result.GetValue(common.Host)!,
                Port = result.GetValue(common.Port),
                HeaderTimeout = TimeSpan.FromSeconds(result.GetValue(common.HeaderTimeout)),
                MaxBodyBytes = result.GetValue(common.MaxBody),
                GracefulTimeout = TimeSpan.FromSeconds(result.GetValue(common.GracefulTimeout)),
            };
            return ServerRunner.RunAsync(new KestrelServer(options), options.Host, options.GracefulTimeout);
        });
        return command;
    }
}
