using Bench.Load.Results;
using Bench.Suites;
using Bench.Suites.Results;
using Xunit;

namespace Bench.Tests.Suites;

/// <summary>Suite cells of kind "assembly": a [LoadScenario] from the built examples project, run against the twins.</summary>
[Collection(SuiteCollection.Name)]
public sealed class AssemblyScenarioKindTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string ExamplesDll => Path.Combine(RepoPaths.Root, "examples", "Bench.Examples", "bin", Configuration, "net10.0", "Bench.Examples.dll");

    private static string Suite(string scenarioFields) => $$"""
        {
          "name": "code",
          "defaults": { "warmup": "0s", "duration": "1s", "gracefulStop": "2s" },
          "targets": [ { "name": "asgi", "kind": "asgi" } ],
          "scenarios": [ { "name": "users-code", "kind": "assembly", {{scenarioFields}} } ],
          "groups": [ { "name": "g", "targets": ["asgi"], "scenarios": ["users-code"], "connections": [2] } ]
        }
        """;

    [Fact]
    public async Task A_code_scenario_from_a_built_assembly_runs_as_a_cell_with_its_steps()
    {
        if (!File.Exists(ExamplesDll)) Assert.Skip($"{ExamplesDll} is not built (dotnet build Bench.sln builds it)");
        var validation = SuiteParser.Parse(Suite($$""" "assembly": "{{ExamplesDll}}", "scenario": "users-upload" """));
        Assert.True(validation.Ok, string.Join("\n", validation.Problems));
        string reports = Directory.CreateTempSubdirectory("suite-code-").FullName;
        var options = new SuiteRunOptions { ReportsDirectory = reports, RunId = "run", ServerPath = RepoPaths.ServerExecutable() };

        var results = await new SuiteRunner(options, new SilentSuiteProgress())
            .RunAsync(validation.Suite!, null, RunMetadata.Collect(RepoPaths.ServerExecutable(), new Pinning(false, [], [], "none", "test")), TestContext.Current.CancellationToken);

        var cell = Assert.Single(results.Cells);
        Assert.True(cell.Status == CellStatus.Completed, cell.Reason);
        var run = cell.Run!;
        Assert.Equal("users-upload", run.Config.Scenario);
        Assert.True(run.Totals.Ok > 0);
        Assert.Equal(0, run.Totals.Failed);
        Assert.Equal(["GET /users/1", "POST /upload"], run.Steps!.Select(s => s.Name));
        // Each iteration ran both steps once; a step may have finished without its iteration when the run ended.
        Assert.All(run.Steps!, s => Assert.InRange(s.Count, run.Totals.Requests, run.Totals.Requests + 2));
        Directory.Delete(reports, recursive: true);
    }

    [Fact]
    public void A_wrong_scenario_name_or_path_fails_when_the_suite_is_read()
    {
        if (!File.Exists(ExamplesDll)) Assert.Skip($"{ExamplesDll} is not built (dotnet build Bench.sln builds it)");
        var wrongName = SuiteParser.Parse(Suite($$""" "assembly": "{{ExamplesDll}}", "scenario": "nope" """));
        Assert.Contains(wrongName.Problems, p => p.Contains("scenario: 'nope' is not in", StringComparison.Ordinal) && p.Contains("users-upload", StringComparison.Ordinal));

        var missing = SuiteParser.Parse(Suite(""" "assembly": "/nonexistent/X.dll", "scenario": "users-upload" """));
        Assert.Contains(missing.Problems, p => p.Contains("assembly: /nonexistent/X.dll: no such file", StringComparison.Ordinal));
    }
}
