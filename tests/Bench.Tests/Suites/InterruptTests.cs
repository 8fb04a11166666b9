using System.Diagnostics;
using Xunit;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Tests.Suites;

[Collection(SuiteCollection.Name)]
public sealed class InterruptTests
{
    [Fact]
    public async Task Sigint_mid_suite_leaves_a_valid_results_file_with_the_completed_cells()
    {
        string dir = Directory.CreateTempSubdirectory("suite-sigint-").FullName;
        string suite = Path.Combine(dir, "long.json");
        File.WriteAllText(suite, """
            {
              "name": "long",
              "defaults": { "warmup": "0s", "duration": "2s", "gracefulStop": "1s" },
              "targets": [ { "name": "asgi", "kind": "asgi" } ],
              "scenarios": [ { "name": "hello", "kind": "http", "path": "/hello" } ],
              "groups": [ { "name": "g", "targets": ["asgi"], "scenarios": ["hello"], "connections": [2, 3, 4, 5, 6, 7, 8, 9] } ]
            }
            """);
        string results = Path.Combine(dir, "reports", "run", "results.json");
        // A shell starts loadgen, waits until one cell is on disk and the next is running, then
        // sends SIGINT to loadgen's PID. The shell is the parent because a signal sent from the test
        // host itself did not arrive here; env resets SIGINT, which a background start leaves
        // ignored (and .NET keeps an ignored SIGINT ignored).
        string loadgenDll = Path.Combine(AppContext.BaseDirectory, "loadgen.dll");
        string script = $$"""
            env --default-signal=INT dotnet '{{loadgenDll}}' suite '{{suite}}' --out-dir '{{Path.Combine(dir, "reports")}}' --run-id run --no-pin > '{{dir}}/out.log' 2>&1 &
            pid=$!
            for i in $(seq 1 600); do grep -q '"status": "completed"' '{{results}}' 2>/dev/null && break; sleep 0.1; done
            for i in $(seq 1 600); do grep -q '^\[2/' '{{dir}}/out.log' 2>/dev/null && break; sleep 0.1; done
            kill -INT "$pid"
            wait "$pid"
            echo "exit=$?"
            """;
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.Environment["CI"] = "true";
        psi.Environment["BENCH_SERVER"] = RepoPaths.ServerExecutable();
        using var shell = Process.Start(psi)!;
        string shellOut = await shell.StandardOutput.ReadToEndAsync();
        Assert.True(shell.WaitForExit(90_000), "the suite did not end");

        var file = SuiteResultsFile.Read(results);
        Assert.True(shellOut.Contains("exit=130"), shellOut + File.ReadAllText(Path.Combine(dir, "out.log")));
        Assert.Equal(RunStatus.Interrupted, file.Status);
        Assert.True(file.Cells.Count(c => c.Status == CellStatus.Completed) >= 1);
        Assert.True(file.Cells.Count < file.PlannedCells);
        // Every target it started is gone: it stopped them, by PID.
        foreach (var pid in file.Cells.Select(c => c.Target.Pid).OfType<int>())
            Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(" Z "), $"target {pid} still running");
    }
}
