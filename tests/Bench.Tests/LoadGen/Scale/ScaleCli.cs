using Bench.LoadGen.Cli;

namespace Bench.Tests.LoadGen.Scale;

/// <summary>Runs loadgen's command line in this process and captures what it prints.</summary>
internal static class ScaleCli
{
    public static Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Cancelling is Ctrl-C: the run stops and still writes its results.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await LoadGenCli.RunAsync(args, stdout, stderr, cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempFile(string name) => Path.Combine(Path.GetTempPath(), $"loadgen-scale-{Guid.NewGuid():N}-{name}");

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"loadgen-scale-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
