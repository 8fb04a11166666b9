using System.Diagnostics;

namespace Bench.Tests.Peers;

/// <summary>
/// Whether the real Python servers can run here. They come from Debian's packages, which install for
/// /usr/bin/python3 only (scripts/setup-peers.sh); without them the peer tests are skipped with the
/// reason this probe gives. BENCH_PEER_PYTHON names another interpreter (a path that does not exist
/// shows what a machine without the peers sees).
/// </summary>
internal static class PeerAvailability
{
    public static readonly string Python = Environment.GetEnvironmentVariable("BENCH_PEER_PYTHON") is { Length: > 0 } path ? path : "/usr/bin/python3";

    /// <summary>Every module a peer target imports: the servers, the frameworks, uvicorn's loop, parser and WebSocket library.</summary>
    public static readonly string[] Modules = ["gunicorn", "uvicorn", "flask", "fastapi", "starlette", "uvloop", "httptools", "websockets", "anyio"];

    private static readonly Lazy<string?> Probe = new(Check);

    /// <summary>Null when every peer can start; otherwise why not, and what installs them.</summary>
    public static string? MissingReason => Probe.Value;

    private static string? Check()
    {
        if (!File.Exists(Python)) return $"{Python} does not exist; scripts/setup-peers.sh installs it with the peers";
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        // Reports the first module that does not import, by name.
        psi.ArgumentList.Add(
            "import importlib, sys\n" +
            $"for m in [{string.Join(", ", Modules.Select(m => $"'{m}'"))}]:\n" +
            "    try: importlib.import_module(m)\n" +
            "    except Exception as e: sys.exit(f'{m}: {e}')\n");
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            return $"{Python} did not finish importing the peers' modules within 30 s";
        }
        return process.ExitCode == 0
            ? null
            : $"{Python} cannot import {stderr.Result.Trim()}; scripts/setup-peers.sh installs the peers from Debian's packages";
    }
}
