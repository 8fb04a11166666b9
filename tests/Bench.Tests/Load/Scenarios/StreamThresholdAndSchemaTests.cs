using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.LoadGen.Cli;
using Bench.Load.Results;
using Bench.Load.Thresholds;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

public sealed class StreamThresholdAndSchemaTests
{
    [Theory]
    [InlineData("sse.lag.p99<50ms", "sse.lag", "p99", 50_000)]
    [InlineData("ws.rtt.p99<20ms", "ws.rtt", "p99", 20_000)]
    [InlineData("sse.gaps==0", "sse", "gaps", 0)]
    [InlineData("chat.lag.max<1s", "chat.lag", "max", 1_000_000)]
    [InlineData("sse.streaming>=1000", "sse", "streaming", 1000)]
    public void Stream_thresholds_parse_to_the_scenarios_metrics(string expression, string source, string metric, double limit)
    {
        Assert.True(ThresholdParser.TryParse(expression, out var t, out string error), error);
        Assert.Equal((source, metric, limit), (t!.Source, t.Metric, t.Limit));
        Assert.True(t.IsStream);
    }

    [Theory]
    [InlineData("sse.lagg.p99<50ms", "has no latency 'lagg'")]
    [InlineData("sse.gap==0", "has no count 'gap'")]
    [InlineData("sse.gaps==0ms", "takes no unit")]
    public void Stream_thresholds_with_unknown_names_are_refused_before_the_run(string expression, string message)
    {
        Assert.False(ThresholdParser.TryParse(expression, out _, out string error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_version_1_results_file_still_reads_with_no_stream_section()
    {
        string path = Path.Combine(Path.GetTempPath(), $"v1-{Guid.NewGuid():N}.json");
        try
        {
            var v2 = new RunResult
            {
                Config = new RunConfig("http", "GET /", "constant-vus", "1 VUs for 1s", JsonSerializer.SerializeToElement(new { }), 0, 10, 10, [], null, null),
                Machine = new MachineInfo("h", "os", "k", "x64", "cpu", 2, [0, 1], 1, "rt", "v", "workstation"),
                Totals = new Totals(1, 1, 0, 0, 1, 1, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>()),
                Latency = new LatencyBreakdown(Empty, Empty, Empty, Empty, Empty),
                Validity = new Validity(true, [], 0, 1, 0, 0, 0, 0),
            };
            var node = JsonSerializer.SerializeToNode(v2, ResultsJson.Options)!.AsObject();
            node["schemaVersion"] = 1;
            node.Remove("stream");
            node.Remove("scenarios");
            File.WriteAllText(path, node.ToJsonString());
            var read = ResultsFile.Read(path);
            Assert.Equal(1, read.SchemaVersion);
            Assert.Null(read.Stream);
            Assert.Null(read.Scenarios);
            Assert.Equal(2, ResultsSchema.Version);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--connections", "0")]
    [InlineData("--ramp-rate", "-1")]
    [InlineData("--message-size", "3")]
    public async Task Bad_long_lived_flags_print_one_line_naming_the_flag_and_exit_2(string flag, string value)
    {
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(["run", "--scenario", "ws-echo", "--url", "http://127.0.0.1:1", flag, value], TextWriter.Null, stderr);
        Assert.Equal(2, code);
        Assert.StartsWith($"loadgen: {flag}:", stderr.ToString());
    }

    [Fact]
    public async Task Http_only_flags_are_refused_for_long_lived_scenarios_by_name()
    {
        var stderr = new StringWriter();
        int code = await LoadGenCli.RunAsync(["run", "--scenario", "sse", "--url", "http://127.0.0.1:1", "--rate", "100"], TextWriter.Null, stderr);
        Assert.Equal(2, code);
        Assert.Contains("loadgen: --rate: applies to --scenario http only", stderr.ToString());
    }

    [Fact]
    public async Task A_scenario_file_with_a_typo_names_the_field()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mixed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"url": "http://127.0.0.1:1", "parts": [{"name": "s", "scenario": "sse", "conections": 5}]}""");
        try
        {
            var stderr = new StringWriter();
            int code = await LoadGenCli.RunAsync(["run", "--scenario-file", path], TextWriter.Null, stderr);
            Assert.Equal(2, code);
            Assert.Contains("conections", stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
