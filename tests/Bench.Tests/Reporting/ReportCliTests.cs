using Bench.LoadGen.Cli;
using Bench.Load.Results;
using Xunit;

namespace Bench.Tests.Reporting;

public sealed class ReportCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-report-cli-").FullName;

    [Theory]
    [InlineData("truncated", "not a complete JSON document")]
    [InlineData("foreign", "not a Bench results file")]
    [InlineData("other-tool", "tool \"k6\" is not a Bench results file")]
    [InlineData("too-new", "schemaVersion 99 is not supported")]
    [InlineData("missing", "no such file")]
    public async Task Unreadable_results_print_one_line_and_exit_2(string kind, string expected)
    {
        string path = Path.Combine(_dir, kind + ".json");
        string full = System.Text.Json.JsonSerializer.Serialize(SyntheticResults.Run("kestrel", 10, 1000, 1), ResultsJson.Options);
        switch (kind)
        {
            case "truncated": File.WriteAllText(path, full[..(full.Length / 2)]); break;
            case "foreign": File.WriteAllText(path, "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}"); break;
            case "other-tool": File.WriteAllText(path, "{\"tool\": \"k6\", \"schemaVersion\": 1}"); break;
            case "too-new": File.WriteAllText(path, full.Replace("\"schemaVersion\": " + ResultsSchema.Version, "\"schemaVersion\": 99", StringComparison.Ordinal)); break;
        }
        var (code, stdout, stderr) = await RunAsync("report", path, "-o", Path.Combine(_dir, "out"));

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loadgen report: ", line);
        Assert.Contains(expected, line);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "index.html")));
    }

    [Fact]
    public async Task A_single_run_file_regenerates_a_report_beside_it()
    {
        string path = Path.Combine(_dir, "run.json");
        ResultsFile.Write(path, SyntheticResults.Run("kestrel", 10, 1000, 1));
        var (code, stdout, stderr) = await RunAsync("report", path);

        Assert.True(code == 0, stderr);
        Assert.StartsWith("report: ", stdout);
        foreach (string file in new[] { "index.html", "summary.md", "hgrm/run.hgrm" }) Assert.True(File.Exists(Path.Combine(_dir, file)), file);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir, "charts"), "*.png"));
        // HdrHistogram's percentile distribution format: its header line and the trailing summary.
        string hgrm = File.ReadAllText(Path.Combine(_dir, "hgrm", "run.hgrm"));
        Assert.Contains("Value", hgrm);
        Assert.Contains("1/(1-Percentile)", hgrm);
        Assert.Contains("#[Mean", hgrm);
    }

    private static async Task<(int, string, string)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
