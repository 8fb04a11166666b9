using Xunit;
using Bench.LoadGen.Cli;
using Bench.Suites;
using Bench.Suites.Results;

namespace Bench.Tests.Suites;

[Collection(SuiteCollection.Name)]
public sealed class SmokeSuiteTests
{
    [Fact]
    public async Task Smoke_passes_and_records_every_target_times_protocol_cell()
    {
        string reports = Directory.CreateTempSubdirectory("suite-smoke-").FullName;
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await LoadGenCli.RunAsync(["suite", "smoke", "--out-dir", reports, "--run-id", "smoke", "--no-pin"], stdout, stderr);

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        var results = SuiteResultsFile.Read(Path.Combine(reports, "smoke", "results.json"));
        var suite = SuiteParser.ParseFile(RepoPaths.SuitePath("smoke")).Suite!;
        foreach (var target in suite.Targets)
            foreach (var scenario in suite.Scenarios)
            {
                var cell = Assert.Single(results.Cells, c => c.Target.Name == target.Name && c.Scenario.Name == scenario.Name);
                // A peer that is not installed (scripts/setup-peers.sh) is skipped with the reason, never failed.
                if (scenario.Factory is null || Requirements.Missing(target) is not null) Assert.Equal(CellStatus.Skipped, cell.Status);
                else Assert.Equal(CellStatus.Completed, cell.Status);
            }
        Assert.All(results.Cells.Where(c => c.Scenario.Kind == "http" && c.Status == CellStatus.Completed), c => Assert.True(c.Run!.Totals.Ok > 0 && c.Server!.PeakThreads > 0));
        // Every skip is listed with its reason at the end of the run.
        Assert.All(results.Cells.Where(c => c.Status == CellStatus.Skipped), c => Assert.Contains(c.Reason!, stdout.ToString(), StringComparison.Ordinal));
    }
}
