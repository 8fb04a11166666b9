using Bench.LoadGen.Cli;
using Bench.Suites;
using Bench.Tests.Suites;
using Xunit;

namespace Bench.Tests.Reporting;

/// <summary>
/// The whole path a user takes: a small real suite (two claim groups, the WSGI and ASGI twins as
/// processes), `loadgen report` on its results.json, the page in chromium.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SuiteReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-report-suite-").FullName;

    private const string Suite = """
        {
          "name": "report-browser",
          "defaults": { "warmup": "500ms", "duration": "1s", "timeout": "5s", "gracefulStop": "1s" },
          "targets": [ { "name": "wsgi-8", "kind": "wsgi", "threads": 8 }, { "name": "asgi", "kind": "asgi", "workers": 1 } ],
          "scenarios": [ { "name": "hello", "kind": "http", "path": "/hello" }, { "name": "users-20ms", "kind": "http", "path": "/users/1?wait_ms=20" } ],
          "groups": [
            { "name": "claim2-io-wait", "claim": 2, "targets": ["wsgi-8", "asgi"], "scenarios": ["users-20ms"], "connections": [8, 64] },
            { "name": "claim3-short-cpu", "claim": 3, "targets": ["wsgi-8", "asgi"], "scenarios": ["hello"], "connections": [1, 8] }
          ]
        }
        """;

    [Fact]
    public async Task Report_of_a_real_suite_run_has_a_verdict_for_every_claim_and_opens_offline()
    {
        string suitePath = Path.Combine(_dir, "suite.json");
        File.WriteAllText(suitePath, Suite);
        var (suiteExit, suiteOut) = await RunAsync("suite", suitePath, "--out-dir", _dir, "--run-id", "run", "--no-pin");
        string results = Path.Combine(_dir, "run", "results.json");
        Assert.True(File.Exists(results), $"suite exit {suiteExit}\n{suiteOut}");

        var (reportExit, reportOut) = await RunAsync("report", results);
        Assert.True(reportExit == 0, reportOut);
        var claims = SuiteResultsFile.Read(results).Claims;
        Assert.NotEmpty(claims);

        string index = Path.Combine(_dir, "run", "index.html");
        string shot = Path.Combine(AppContext.BaseDirectory, "report-artifacts", "suite-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        int charts = await BrowserChecks.AssertOpensCleanAsync(index, claims.Select(c => c.Verdict).ToList(), shot);
        output.WriteLine($"{reportOut.Trim()}; {charts} charts in the browser; screenshot: {shot}");
    }

    private static async Task<(int, string)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(args, stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
