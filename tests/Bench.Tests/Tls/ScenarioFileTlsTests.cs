using Bench.Load.Results;
using Bench.LoadGen.Cli;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Bench.Tests.Tls.Support;
using Xunit;

namespace Bench.Tests.Tls;

/// <summary>
/// A scenario file's <c>"tls"</c> object against nginx: the file's applies to every https:// part, a
/// part's own replaces it for that part; each part's requests counted against the access log, the
/// SNI name and TLS version as nginx saw them. Bad TLS fields are one line naming their path.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class ScenarioFileTlsTests
{
    [Fact]
    public async Task The_files_tls_applies_to_every_https_part_and_a_parts_own_replaces_it()
    {
        using var pki = new TestPki();
        await using var nginx = await NginxTarget.StartAsync(pki);
        // Paths relative to the scenario file: ca.pem sits beside it in the PKI directory.
        string file = pki.Path("mixed.json");
        File.WriteAllText(file, $$"""
            { "url": "https://127.0.0.1:{{nginx.Ports.Https}}",
              "tls": { "ca": "ca.pem", "sni": "localhost" },
              "parts": [
                { "name": "shared", "path": "/hello", "vus": 2, "duration": "1s", "timeout": "30s" },
                { "name": "own", "url": "https://127.0.0.1:{{nginx.Ports.OtherName}}/hello", "vus": 2, "duration": "1s", "timeout": "30s",
                  "tls": { "ca": "{{pki.AuthorityPem}}", "sni": "elsewhere.example", "version": "1.2", "resume": false } } ] }
            """);

        var run = await LoadgenRun.StartAsync(pki.Path("mixed-results.json"), "--scenario-file", file);

        Assert.True(run.Exit is 0 or 3, run.ToString());
        var parts = Assert.IsAssignableFrom<IReadOnlyList<ScenarioPart>>(run.Result!.Scenarios);
        var shared = parts.Single(p => p.Name == "shared").Result;
        var own = parts.Single(p => p.Name == "own").Result;
        Assert.Empty(shared.Totals.Errors);
        Assert.Empty(own.Totals.Errors);
        Assert.True(shared.Totals.Ok > 0 && own.Totals.Ok > 0, run.Output);

        Assert.Equal($"ca {pki.AuthorityPem}", shared.Tls!.Verification);
        Assert.Equal("localhost", shared.Tls.ServerName);
        Assert.Equal(["TLSv1.2", "TLSv1.3"], shared.Tls.Offered!);
        Assert.Equal("elsewhere.example", own.Tls!.ServerName);
        Assert.Equal(["TLSv1.2"], own.Tls.Offered!);
        Assert.False(own.Tls.Resumption);
        Assert.Equal(new Dictionary<string, long> { ["TLSv1.2"] = 2 }, own.Tls.Versions);

        await Eventually.EqualAsync((int)shared.Totals.Ok, () => nginx.Count(nginx.Ports.Https));
        await Eventually.EqualAsync((int)own.Totals.Ok, () => nginx.Count(nginx.Ports.OtherName));
        var log = nginx.Log();
        Assert.All(log.Where(e => e.Port == nginx.Ports.Https), e => Assert.Equal("localhost", e.ServerName));
        Assert.All(log.Where(e => e.Port == nginx.Ports.OtherName), e => Assert.Equal(("elsewhere.example", "TLSv1.2"), (e.ServerName, e.TlsProtocol)));
    }

    [Theory]
    [InlineData("""{ "url": "https://127.0.0.1:1", "tls": { "version": "1.1" }, "parts": [ { "vus": 1 } ] }""",
        "loadgen: --scenario-file: tls.version: must be \"1.2\" or \"1.3\" (got \"1.1\"; without it both are offered)")]
    [InlineData("""{ "url": "https://127.0.0.1:1", "parts": [ { "vus": 1, "tls": { "ca": "missing.pem" } } ] }""",
        "loadgen: --scenario-file: parts[0].tls.ca: cannot read ")]
    [InlineData("""{ "url": "http://127.0.0.1:1", "parts": [ { "vus": 1, "tls": { "insecure": true } } ] }""",
        "loadgen: --scenario-file: parts[0].tls: applies to https:// and wss:// URLs only (got http://127.0.0.1:1/)")]
    [InlineData("""{ "url": "http://127.0.0.1:1", "tls": { "insecure": true }, "parts": [ { "vus": 1 } ] }""",
        "loadgen: --scenario-file: tls: applies to https:// and wss:// URLs only (no part has one)")]
    [InlineData("""{ "url": "https://127.0.0.1:1", "tls": { "cert": "x.pem" }, "parts": [ { "vus": 1 } ] }""",
        "loadgen: --scenario-file: $.tls.cert: ")]
    public async Task Bad_tls_in_a_scenario_file_is_one_line_naming_its_path(string json, string line)
    {
        using var pki = new TestPki();
        string file = pki.Path("bad.json");
        File.WriteAllText(file, json);
        var stderr = new StringWriter();

        int exit = await LoadGenCli.RunAsync(["run", "--scenario-file", file], TextWriter.Null, stderr);

        Assert.Equal(2, exit);
        Assert.StartsWith(line, Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_flags_with_a_scenario_file_say_where_the_settings_go()
    {
        using var pki = new TestPki();
        string file = pki.Path("flags.json");
        File.WriteAllText(file, """{ "url": "https://127.0.0.1:1", "parts": [ { "vus": 1 } ] }""");
        var stderr = new StringWriter();

        int exit = await LoadGenCli.RunAsync(["run", "--scenario-file", file, "--ca", pki.AuthorityPem], TextWriter.Null, stderr);

        Assert.Equal(2, exit);
        Assert.StartsWith("loadgen: --ca: give TLS settings inside the scenario file", Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
