using Bench.Load.Results;
using Bench.LoadGen.Cli;

namespace Bench.Tests.Tls.Support;

/// <summary>One <c>loadgen run</c> in-process: its exit code, what it printed, and the results file it wrote.</summary>
internal sealed record LoadgenRun(int Exit, string Output, string Errors, RunResult? Result)
{
    public static async Task<LoadgenRun> StartAsync(string resultsFile, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await LoadGenCli.RunAsync(["run", .. args, "--out", resultsFile], stdout, stderr);
        return new LoadgenRun(exit, stdout.ToString(), stderr.ToString(), File.Exists(resultsFile) ? ResultsFile.Read(resultsFile) : null);
    }

    public override string ToString() => $"exit {Exit}\n{Output}\n{Errors}";
}
