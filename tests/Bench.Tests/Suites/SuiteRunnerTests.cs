using Xunit;
using Bench.Load.Results;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Tests.Suites;

[Collection(SuiteCollection.Name)]
public sealed class SuiteRunnerTests
{
    [Fact]
    public async Task A_target_that_exits_at_once_is_recorded_as_failed_and_the_next_target_still_runs()
    {
        var validation = SuiteParser.Parse("""
            {
              "name": "crash",
              "defaults": { "warmup": "0s", "duration": "1s", "gracefulStop": "1s" },
              "targets": [
                { "name": "dies", "kind": "command", "model": "other", "command": ["/bin/sh", "-c", "echo starting up; echo 'fatal: no config' >&2; exit 3"], "startTimeout": "10s" },
                { "name": "asgi", "kind": "asgi" }
              ],
              "scenarios": [ { "name": "hello", "kind": "http", "path": "/hello" } ],
              "groups": [ { "name": "g", "targets": ["dies", "asgi"], "scenarios": ["hello"], "connections": [4] } ]
            }
            """);
        Assert.True(validation.Ok, string.Join("\n", validation.Problems));
        string reports = Directory.CreateTempSubdirectory("suite-crash-").FullName;
        var options = new SuiteRunOptions { ReportsDirectory = reports, RunId = "run", ServerPath = RepoPaths.ServerExecutable() };

        var results = await new SuiteRunner(options, new SilentSuiteProgress()).RunAsync(validation.Suite!, null, Environment(), CancellationToken.None);

        Assert.Equal(RunStatus.Completed, results.Status);
        var dies = results.Cells[0];
        Assert.Equal(CellStatus.Failed, dies.Status);
        Assert.Contains("exit code 3", dies.Reason);
        Assert.Contains("fatal: no config", dies.TargetOutput);
        var asgi = results.Cells[1];
        Assert.Equal(CellStatus.Completed, asgi.Status);
        Assert.True(asgi.Run!.Totals.Ok > 0);
        Assert.NotEmpty(asgi.Samples);
        Assert.Equal(2, SuiteResultsFile.Read(options.ResultsPath).Cells.Count);
        Assert.Equal("run", new FileInfo(Path.Combine(reports, "latest")).LinkTarget);
    }

    private static RunEnvironment Environment() =>
        RunMetadata.Collect(RepoPaths.ServerExecutable(), new Pinning(false, [], [], "none", "test"));
}
