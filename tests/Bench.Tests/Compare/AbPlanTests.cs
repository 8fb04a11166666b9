using Bench.LoadGen.Cli;
using Bench.Compare.Ab;
using Xunit;

namespace Bench.Tests.Compare;

/// <summary>The ab command's plan: trial order, cell syntax, and refusing what it cannot run.</summary>
public sealed class AbPlanTests
{
    [Fact]
    public void Trials_alternate_in_ABBA_blocks_with_equal_counts_per_side()
    {
        var order = TrialOrder.For(4).Select(t => t.Side == Side.Base ? 'A' : 'B');
        Assert.Equal("ABBAABBA", string.Concat(order));
    }

    [Fact]
    public void Cells_parse_from_target_path_connections()
    {
        var cell = AbCell.Parse("asgi:/users/1?wait_ms=5:16", out var error);
        Assert.Null(error);
        Assert.Equal(new AbCell("asgi", "/users/1?wait_ms=5", 16), cell);
        Assert.Null(AbCell.Parse("nginx:/hello:8", out error));
        Assert.Contains("--cell", error);
    }

    [Fact]
    public async Task Ab_refuses_directories_that_are_not_checkouts_and_names_every_problem()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(["ab", "--base", "/nonexistent-a", "--head", "/nonexistent-b", "--trials", "1", "--no-build"], stdout, stderr);
        Assert.Equal(2, code);
        string errors = stderr.ToString();
        Assert.Contains("--base", errors);
        Assert.Contains("--head", errors);
        Assert.Contains("--trials", errors);
    }
}
