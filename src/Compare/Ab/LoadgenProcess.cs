using System.Diagnostics;
using System.Globalization;

namespace Bench.Compare.Ab;

/// <summary>
/// Runs one trial as a separate <c>loadgen run</c>, pinned by taskset. The generator is the same
/// binary for both sides (this one), so only the servers differ; a fresh process per trial keeps
/// one trial's GC and connection state out of the next.
/// </summary>
public static class LoadgenProcess
{
    public static async Task<int> RunAsync(Uri url, string path, int connections, TimeSpan duration, TimeSpan warmup, int? cpu, string outFile, CancellationToken cancellationToken)
    {
        var command = new List<string>();
        if (cpu is { } c) command.AddRange(["taskset", "-c", c.ToString(CultureInfo.InvariantCulture)]);
        command.AddRange(Bench.Load.Scale.LoadgenBinary.Self());
        command.AddRange([
            "run", "--url", new Uri(url, path).ToString(),
            "--vus", connections.ToString(CultureInfo.InvariantCulture),
            "--duration", Seconds(duration), "--warmup", Seconds(warmup),
            "--graceful-stop", "5s", "--timeout", "5s",
            "--out", outFile,
        ]);
        var start = new ProcessStartInfo { FileName = command[0], UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        // Plain progress lines, not a live display, whatever the terminal.
        start.Environment["CI"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]}: could not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        // Bounded: a trial that hangs is killed (this PID only) rather than stalling the job.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(duration + warmup + TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"loadgen run against {url} did not finish in time");
        }
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        if (!File.Exists(outFile))
            throw new InvalidOperationException($"loadgen run against {url} wrote no results (exit {process.ExitCode}): {(await stderr).Trim()}");
        return process.ExitCode;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
