using System.CommandLine;
using Bench.Load.Engine;

namespace Bench.LoadGen.Cli;

/// <summary>
/// Entry point. Bad input of any kind (unknown flag, unparsable value, out-of-range value)
/// prints one line per problem, naming the flag, and exits 2 — never a help page, so scripts
/// and CI logs show the cause at once.
/// </summary>
public static class LoadGenCli
{
    public static int Run(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("loadgen: Bench's load generator (exit codes: 0 pass, 1 thresholds failed, 2 bad input, 3 run invalid)")
        {
            new RunCommand(stdout, stderr).Command,
            new CompareCommand(stdout, stderr).Command,
            new AbCommand(stdout, stderr).Command,
            new SuiteCommand(stdout, stderr).Command,
            new CapacityCommand(stdout, stderr).Command,
            new CalibrateCommand(stdout, stderr).Command,
            new ReportCommand(stdout, stderr).Command,
            new MergeCommand(stdout, stderr).Command,
            new CellCommand(stdout, stderr).Command,
            new Kubernetes.K8sCommand(stdout, stderr).Command,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The first problem only: an unknown flag also makes its value an unknown token, which is noise.
            stderr.WriteLine($"loadgen: {parse.Errors[0].Message}");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, cancellationToken).ConfigureAwait(false);
    }
}
