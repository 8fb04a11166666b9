using System.Diagnostics;

namespace Bench.Compare.Ab;

/// <summary>Builds one checkout's servers in Release, as its own commit defines them.</summary>
public static class CheckoutBuilder
{
    public static async Task BuildAsync(string checkout, TextWriter log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { FileName = "dotnet", UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = checkout };
        foreach (var arg in new[] { "build", "src/Servers/Bench.Servers.csproj", "-c", "Release", "--nologo", "-v", "q", "-clp:ErrorsOnly" }) start.ArgumentList.Add(arg);
        log.WriteLine($"ab: building {checkout} (dotnet build -c Release src/Servers)");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet: could not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        // Bounded like CI's own build step: a wedged build fails the job instead of hanging it.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{checkout}: build did not finish within 10 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{checkout}: build failed: {(await output).Trim()} {(await errors).Trim()}".Trim());
    }
}
