using System.CommandLine;

namespace Bench.Servers.Cli;

public static class ServerCli
{
    public static int Run(string[] args) => new RootCommand("bench-server").Parse(args).Invoke();
}
