namespace Bench.Load.Merge;

/// <summary>The files cannot be merged; the message is the one line the CLI prints (exit 2).</summary>
public sealed class MergeRefusedException(string message) : Exception(message);

/// <summary>One shard's results as read from <see cref="Path"/>.</summary>
public sealed record ShardFile(string Path, Results.RunResult Result)
{
    public string Name => System.IO.Path.GetFileName(Path);
}
