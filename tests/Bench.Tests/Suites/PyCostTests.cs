using Xunit;
using Bench.Suites;

namespace Bench.Tests.Suites;

/// <summary>A twin's "pyCost" in a suite: a number of µs or "auto", and the peer "auto" calibrates against.</summary>
public sealed class PyCostTests
{
    private static SuiteValidation Parse(string pyCost) => SuiteParser.Parse($$"""
        {
          "name": "t",
          "targets": [
            { "name": "twin", "kind": "asgi", "gil": true, "pyCost": {{pyCost}} },
            { "name": "uvicorn", "kind": "command", "model": "asgi", "command": ["uvicorn", "--port", "{port}"] },
            { "name": "fastapi", "kind": "command", "model": "asgi", "framework": "fastapi", "command": ["uvicorn", "--port", "{port}"] }
          ],
          "scenarios": [ { "name": "hello", "kind": "http", "path": "/hello" } ],
          "groups": [ { "name": "g", "targets": ["twin", "uvicorn"], "scenarios": ["hello"], "connections": [10] } ]
        }
        """);

    [Fact]
    public void A_number_becomes_the_flag_and_auto_waits_for_the_calibration()
    {
        var fixedCost = Parse("40");
        var auto = Parse("\"auto\"");

        Assert.True(fixedCost.Ok, string.Join("\n", fixedCost.Problems));
        Assert.Equal(["--gil", "--py-cost", "40"], fixedCost.Suite!.Targets[0].ServerArgs);
        Assert.True(auto.Ok, string.Join("\n", auto.Problems));
        Assert.Equal("auto", auto.Suite!.Targets[0].Options["pyCost"]);
        Assert.DoesNotContain("--py-cost", auto.Suite.Targets[0].ServerArgs);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100001")]
    [InlineData("\"fast\"")]
    public void Anything_else_is_one_problem_naming_the_field(string value)
    {
        var v = Parse(value);

        Assert.False(v.Ok);
        var problem = Assert.Single(v.Problems);
        Assert.StartsWith("targets[0].pyCost: must be 0..100000 (microseconds) or \"auto\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_peer_is_the_raw_server_of_the_same_model_and_for_wsgi_the_same_pool()
    {
        var twin = Parse("\"auto\"").Suite!;
        Assert.Equal("uvicorn", PyCostCalibration.PeerOf(twin.Targets[0], twin.Targets)?.Name);

        var wsgi = new TargetSpec { Name = "w", Kind = "wsgi", Model = "wsgi", Options = new Dictionary<string, string> { ["threads"] = "32" } };
        TargetSpec Gunicorn(int threads) => new()
        {
            Name = $"gunicorn-{threads}", Kind = "command", Model = "wsgi",
            Command = ["python3", "-m", "gunicorn", "-k", "gthread", "--threads", threads.ToString(), "-w", "1", "wsgi_raw:app"],
        };
        Assert.Equal("gunicorn-32", PyCostCalibration.PeerOf(wsgi, [Gunicorn(8), Gunicorn(32)])?.Name);
        Assert.Null(PyCostCalibration.PeerOf(wsgi, [Gunicorn(8)]));
    }

    [Fact]
    public void Calibration_serves_the_first_http_scenario_at_the_most_connections_the_twin_runs_it_with()
    {
        var suite = SuiteParser.Parse("""
            {
              "name": "t",
              "targets": [
                { "name": "twin", "kind": "asgi", "gil": true, "pyCost": "auto" },
                { "name": "uvicorn", "kind": "command", "model": "asgi", "command": ["uvicorn", "--port", "{port}"] }
              ],
              "scenarios": [
                { "name": "sse", "kind": "sse", "path": "/sse" },
                { "name": "users", "kind": "http", "path": "/users/1?wait_ms=50" },
                { "name": "hello", "kind": "http", "path": "/hello" }
              ],
              "groups": [
                { "name": "streams", "targets": ["twin", "uvicorn"], "scenarios": ["sse"], "connections": [5000] },
                { "name": "io", "targets": ["twin", "uvicorn"], "scenarios": ["users"], "connections": [10, 1000, 100] },
                { "name": "cpu", "targets": ["twin"], "scenarios": ["hello"], "connections": [2000] }
              ]
            }
            """).Suite!;
        var cells = CellPlanner.Expand(suite);

        var load = PyCostCalibration.LoadFor("twin", cells);

        Assert.NotNull(load);
        Assert.Equal("users", load.Value.Scenario.Name);
        Assert.Equal(1000, load.Value.Connections);
        Assert.Null(PyCostCalibration.LoadFor("nobody", cells));
    }
}
