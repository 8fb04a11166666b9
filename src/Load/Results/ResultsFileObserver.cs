
namespace Bench.Load.Results;

/// <summary>
/// Rewrites results.json every second while a run lasts and once at the end, so Ctrl-C or a
/// crash keeps everything measured up to the last second (atomic replace, see <see cref="ResultsFile"/>).
/// </summary>
public sealed class ResultsFileObserver(string path, TextWriter errors) : IRunObserver
{
    private bool _warned;

    public void OnSample(RunResult snapshot) => TryWrite(snapshot);

    public void OnCompleted(RunResult result) => TryWrite(result);

    private void TryWrite(RunResult result)
    {
        try
        {
            ResultsFile.Write(path, result);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full disk must not stop the load mid-run; say it once.
            if (!_warned) errors.WriteLine($"loadgen: --out: cannot write {path}: {ex.Message}");
            _warned = true;
        }
    }
}
