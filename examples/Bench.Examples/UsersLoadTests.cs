using Bench.Load.Code;
using Bench.Load.Models;
using Xunit;

namespace Bench.Examples;

/// <summary>A short load test inside an xunit test: run it, then assert on the result like any other value.</summary>
public sealed class UsersLoadTests
{
    [Fact]
    public async Task Users_and_uploads_stay_fast_and_never_fail()
    {
        await using var app = await SampleApp.StartAsync();

        var result = await new LoadTest
        {
            Scenario = UserScenarios.UsersUpload,
            BaseUrl = app.BaseUrl,
            // The CLI's closed model (loadgen run --vus 2 --duration 2s): 2 users, back to back, for 2 seconds.
            Model = new ConstantVus { Vus = 2, Duration = TimeSpan.FromSeconds(2) },
            Warmup = TimeSpan.FromSeconds(1), // first requests pay for JIT compilation in the app and the client
            Thresholds = ["errors==0", "step[POST /upload].p99<200ms"],
            ResultsFile = Path.Combine(Path.GetTempPath(), "bench-example-users.json"),
        }.RunAsync(TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
        Assert.Equal(0, result.Failed);
        Assert.True(result.Latency.P99 < TimeSpan.FromMilliseconds(50), result.ToString());
        Assert.Equal(result.Iterations, result.Steps["POST /upload"].Ok);
        Assert.All(result.Thresholds, t => Assert.True(t.Passed, t.Expression));
    }
}
