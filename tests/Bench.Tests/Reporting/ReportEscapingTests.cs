using Bench.Reporting;
using Bench.Reporting.Model;
using Xunit;

namespace Bench.Tests.Reporting;

public sealed class ReportEscapingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-report-escape-").FullName;

    [Fact]
    public void Script_in_a_status_text_header_or_error_renders_as_text()
    {
        const string evil = "<script>alert('x')</script>";
        var result = SyntheticResults.Run("kestrel", 10, 1000, 1,
            statusCodes: new Dictionary<string, long> { ["200"] = 10, [evil] = 1 },
            errors: new Dictionary<string, long> { ["bad-header " + evil] = 2 });
        var run = new ReportRun
        {
            RunId = evil, Source = "test", SuiteName = evil, GitCommit = evil, SuiteDefinition = evil,
            Cells = [new ReportCell { Id = evil, Target = evil, Scenario = evil, Connections = 10, Result = result, Error = evil }],
            Claims = [new ReportClaim { Id = "1", Title = evil, Measured = evil, Verdict = evil, Numbers = [new(evil, evil)], Explanation = evil, CellIds = [evil] }],
        };
        string results = Path.Combine(_dir, "results.json");
        File.WriteAllText(results, "{}");

        var output = ReportGenerator.Generate(run, results, _dir);
        string html = File.ReadAllText(output.IndexPath);
        string md = File.ReadAllText(output.SummaryPath);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
