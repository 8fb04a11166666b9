using Xunit;
using Bench.LoadGen.Cli;
using Bench.Load.Results;
using Bench.Tests.Load.Support;

namespace Bench.Tests.LoadGen;

[Collection(LoadCollection.Name)]
public sealed class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await LoadGenCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--rate", "-5")]
    [InlineData("--duration", "abc")]
    [InlineData("--url", "ftp://127.0.0.1/x")]
    [InlineData("--vus", "0")]
    [InlineData("--threshold", "p99~200")]
    [InlineData("--stages", "10s")]
    public async Task A_bad_flag_prints_one_line_naming_it_and_exits_2(string flag, string value)
    {
        var args = new List<string> { "run", "--url", "http://127.0.0.1:1/hello" };
        if (flag == "--url") args.RemoveRange(1, 2);
        args.AddRange([flag, value]);

        var (exit, _, err) = await RunCliAsync([.. args]);

        Assert.Equal(2, exit);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(flag, lines[0]);
    }

    [Fact]
    public async Task An_unknown_flag_prints_one_line_and_exits_2()
    {
        var (exit, _, err) = await RunCliAsync("run", "--url", "http://127.0.0.1:1/", "--bogus", "1");

        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--bogus", line);
    }

    [Fact]
    public async Task Run_returns_the_exit_code_it_wrote_and_prints_a_summary()
    {
        await using var server = await TestServer.StartAsync();
        string path = Path.Combine(Path.GetTempPath(), $"loadgen-cli-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output, _) = await RunCliAsync("run", "--url", server.Url("/hello").ToString(), "--rate", "100", "--duration", "1s",
                "--vus", "5", "--threshold", "rate>1000000", "--out", path);

            var written = ResultsFile.Read(path);
            Assert.Equal(written.ExitCode, exit);
            Assert.Contains(exit, new[] { 1, 3 }); // thresholds failed, unless this busy test host made the run invalid
            Assert.False(written.Thresholds.Single().Passed);
            Assert.Contains("latency (ms)", output);
            Assert.Contains("200: ", output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
