using System.CommandLine;
using Bench.Load.Engine;
using Bench.Load.Merge;
using Bench.Load.Results;

namespace Bench.LoadGen.Cli;

/// <summary>
/// <c>loadgen merge OUT.json SHARD.json...</c>: the shard files of one run as one results file,
/// histograms added bucket for bucket. Exit codes as <c>loadgen run</c>'s, 2 when the files are not
/// all the shards of one run (one line says which and why).
/// </summary>
public sealed class MergeCommand
{
    private readonly Argument<string> _out = new("OUT") { Description = "The merged results file to write" };
    private readonly Argument<string[]> _shards = new("SHARD") { Description = "Every shard's results file (from loadgen run --shard I/N)", Arity = ArgumentArity.OneOrMore };
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public MergeCommand(TextWriter stdout, TextWriter stderr)
    {
        _stdout = stdout;
        _stderr = stderr;
        Command = new Command("merge", "Merge the shard results of one run (loadgen run --shard I/N) into one results file: histograms added, not percentiles averaged") { _out, _shards };
        Command.SetAction(parse => Run(parse.GetValue(_out)!, parse.GetValue(_shards)!));
    }

    public Command Command { get; }

    private int Run(string outPath, string[] shardPaths)
    {
        if (shardPaths.Any(s => Path.GetFullPath(s) == Path.GetFullPath(outPath)))
            return Fail($"{outPath} is both the output and a shard: give the merged file a new name");
        var (merged, error) = Merge(shardPaths);
        if (merged is null) return Fail(error!);
        ResultsFile.Write(outPath, merged);
        ResultPrinter.Print(merged, _stdout);
        _stdout.WriteLine($"  results    {Path.GetFullPath(outPath)}");
        return merged.ExitCode ?? ExitCodes.Invalid;
    }

    /// <summary>Reads and merges; the error is one line naming the file. Shared with <c>loadgen k8s collect</c>.</summary>
    public static (RunResult? Merged, string? Error) Merge(IEnumerable<string> shardPaths)
    {
        var files = new List<ShardFile>();
        foreach (var path in shardPaths)
        {
            try
            {
                files.Add(new ShardFile(path, ResultsFile.Read(path)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
            {
                return (null, $"{path}: cannot read a results file: {ex.Message.Split('\n')[0]}");
            }
        }
        try
        {
            return (RunMerger.Merge(files), null);
        }
        catch (MergeRefusedException ex)
        {
            return (null, ex.Message);
        }
    }

    private int Fail(string line)
    {
        _stderr.WriteLine($"loadgen: merge: {line}");
        return ExitCodes.BadInput;
    }
}
