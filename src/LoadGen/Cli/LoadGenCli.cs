using System.CommandLine;

namespace Bench.LoadGen.Cli;

public static class LoadGenCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("loadgen: Bench's load generator");
        return root.Parse(args).Invoke();
    }
}
