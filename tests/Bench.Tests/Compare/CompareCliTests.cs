using Bench.LoadGen.Cli;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary><c>loadgen compare</c>'s exit codes and outputs.</summary>
public sealed class CompareCliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Compare_exits_1_on_an_allocation_regression_and_writes_markdown()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "m-report-full.json", ResultFiles.Bdn(("Bench.Micro.EncodeFrame", 0)));
        string h = files.Write(files.Dir("head"), "m-report-full.json", ResultFiles.Bdn(("Bench.Micro.EncodeFrame", 32)));
        string md = Path.Combine(files.Root, "compare.md");
        var (code, output, _) = await Run("compare", b, h, "-o", md, "--json", Path.Combine(files.Root, "compare.json"));
        Assert.Equal(1, code);
        Assert.Contains("REGRESSION", output);
        string markdown = File.ReadAllText(md);
        Assert.Contains("### Regressions", markdown);
        Assert.Contains("Bench.Micro.EncodeFrame", markdown);
        Assert.True(File.Exists(Path.Combine(files.Root, "compare.json")));
    }

    [Fact]
    public async Task Compare_exits_0_when_nothing_changed()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "m-report-full.json", ResultFiles.Bdn(("A", 48)));
        string h = files.Write(files.Dir("head"), "m-report-full.json", ResultFiles.Bdn(("A", 48)));
        var (code, _, _) = await Run("compare", b, h, "-o", Path.Combine(files.Root, "c.md"));
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Compare_exits_3_when_the_sides_share_nothing()
    {
        using var files = new ResultFiles();
        string b = files.Write(files.Dir("base"), "m-report-full.json", ResultFiles.Bdn(("A", 48)));
        string h = files.Write(files.Dir("head"), "m-report-full.json", ResultFiles.Bdn(("B", 48)));
        var (code, output, _) = await Run("compare", b, h, "-o", Path.Combine(files.Root, "c.md"));
        Assert.Equal(3, code);
        Assert.Contains("INCONCLUSIVE", output);
    }

    [Fact]
    public async Task A_file_that_is_not_results_exits_2_with_one_line()
    {
        using var files = new ResultFiles();
        string junk = files.Write(files.Root, "junk.json", new { hello = "world" });
        var (code, _, error) = await Run("compare", junk, junk);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("junk.json", error);
    }

    [Fact]
    public async Task A_bad_threshold_names_the_flag()
    {
        var (code, _, error) = await Run("compare", "a", "b", "--threshold", "lots");
        Assert.Equal(2, code);
        Assert.Contains("--threshold", error);
    }
}
