using Bench.Load.Code;
using Bench.LoadGen.Cli;
using Bench.Load.Metrics;
using Bench.Load.Models;
using Bench.Load.Results;
using Microsoft.Extensions.Logging;
using Bench.Tests.Load.Support;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Load.Code;

/// <summary>Code scenarios (the C# API) driven against the ASGI twin over real loopback sockets.</summary>
[Collection(LoadCollection.Name)]
public sealed class CodeScenarioTests
{
    private static readonly Scenario UsersThenUpload = Scenario.Create("users-upload", async ctx =>
    {
        await ctx.Measure("GET /users/1", () => ctx.Http.GetAsync("/users/1"));
        await ctx.Measure("POST /upload", () => ctx.Http.PostAsync("/upload", new byte[1024]));
    });

    /// <summary>
    /// The twin runs in the test's own process, so the generator's CPU meter counts the server's
    /// work too and the guard would call a busy run generator-bound; exit codes are then decided
    /// by the thresholds alone.
    /// </summary>
    internal static readonly Bench.Load.Engine.ValidityLimits SharedProcess = new() { MaxCpuShare = 1.01, MaxSchedulerLagP99 = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Two_named_steps_count_exactly_with_a_histogram_each_and_thresholds_evaluated()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        string file = Path.Combine(Path.GetTempPath(), $"bench-code-{Guid.NewGuid():N}.json");
        long before = twin.Server.Stats.TotalRequests;

        var result = await new LoadTest
        {
            Scenario = UsersThenUpload,
            BaseUrl = twin.BaseAddress,
            Model = new PerVuIterations { Vus = 4, Iterations = 50 },
            Thresholds = ["errors==0", "requests==200", "step[GET /users/1].requests==200", "step[POST /upload].failed==0", "step[POST /upload].p99<1us"],
            ResultsFile = file,
            Limits = SharedProcess,
        }.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, result.Iterations);
        Assert.Equal(0, result.Failed);
        Assert.Equal(400, twin.Server.Stats.TotalRequests - before); // the server saw every request once
        Assert.Equal(400, result.StatusCodes["200"]);
        Assert.Equal(["GET /users/1", "POST /upload"], result.Steps.Keys);
        foreach (var step in result.Steps.Values)
        {
            Assert.Equal(200, step.Count);
            Assert.Equal(200, step.Ok);
            Assert.Equal(200, step.Latency.Count);
            Assert.Equal(200, HistogramCodec.Decode(step.Result.Histogram).TotalCount);
        }
        // Every step ran inside an iteration, so neither can be slower than the iterations' slowest.
        Assert.True(result.Steps["GET /users/1"].Latency.Max <= result.Latency.Max + TimeSpan.FromMilliseconds(1), result.ToString());

        Assert.Equal([true, true, true, true, false], result.Thresholds.Select(t => t.Passed));
        Assert.False(result.Passed);
        Assert.Equal(1, result.Run.ExitCode);

        var written = ResultsFile.Read(file);
        Assert.Equal("users-upload", written.Config.Scenario);
        Assert.Equal(200, written.Steps!.Single(s => s.Name == "POST /upload").Count);
        // The CLI's own report reads the file a code scenario wrote.
        string reportDir = Directory.CreateTempSubdirectory("bench-code-report-").FullName;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await LoadGenCli.RunAsync(["report", file, "-o", reportDir], stdout, stderr, TestContext.Current.CancellationToken));
        string page = await File.ReadAllTextAsync(Path.Combine(reportDir, "index.html"), TestContext.Current.CancellationToken);
        Assert.Contains("step GET /users/1: 200 calls, 0 failed", page);
        Assert.Contains("step POST /upload: 200 calls, 0 failed", page);
        Directory.Delete(reportDir, recursive: true);
        File.Delete(file);
    }

    [Fact]
    public async Task A_throwing_step_is_a_failure_with_its_exception_type_and_the_run_goes_on()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        var scenario = Scenario.Create("throws-every-third", async ctx =>
        {
            await ctx.Measure("hello", () => ctx.Http.GetAsync("/hello"));
            await ctx.Measure("check", () =>
            {
                if (ctx.Iteration % 3 == 2) throw new InvalidOperationException("third iteration");
                return Task.CompletedTask;
            });
        });

        var result = await new LoadTest
        {
            Scenario = scenario,
            BaseUrl = twin.BaseAddress,
            Model = new PerVuIterations { Vus = 2, Iterations = 30 },
            Thresholds = ["step[check].failed==20"],
        }.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(60, result.Iterations);
        Assert.Equal(20, result.Failed);
        Assert.Equal(20, result.Errors["exception"]);
        Assert.Equal(20, result.Exceptions["System.InvalidOperationException"]);
        var check = result.Steps["check"];
        Assert.Equal(60, check.Count);
        Assert.Equal(20, check.Failed);
        Assert.Equal(20, check.Exceptions["System.InvalidOperationException"]);
        Assert.Equal(20, check.Errors["exception"]);
        Assert.Equal(60, result.Steps["hello"].Ok); // the failures did not stop the VUs
        Assert.True(result.Thresholds.Single().Passed, result.ToString());
    }

    [Fact]
    public async Task A_4xx_fails_the_iteration_and_step_as_http_status_like_the_cli()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        var scenario = Scenario.Create("missing", async ctx => await ctx.Measure("missing", () => ctx.Http.GetAsync("/nope")));

        var result = await new LoadTest { Scenario = scenario, BaseUrl = twin.BaseAddress, Model = new PerVuIterations { Vus = 1, Iterations = 5 } }
            .RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Errors["http-status"]);
        Assert.Equal(5, result.StatusCodes["404"]);
        Assert.Equal(5, result.Steps["missing"].Errors["http-status"]);
        Assert.Empty(result.Exceptions);
    }

    [Fact]
    public async Task An_open_rate_runs_every_scheduled_iteration_once()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        var hello = PreparedRequest.Get("/hello");
        var scenario = Scenario.Create("hello", async ctx => await ctx.Http.SendAsync(hello));

        var result = await new LoadTest
        {
            Scenario = scenario,
            BaseUrl = twin.BaseAddress,
            Model = new ConstantRate { Rate = 200, Duration = TimeSpan.FromSeconds(2), Vus = 20 },
        }.RunAsync(TestContext.Current.CancellationToken);

        // 200/s for 2 s: iteration k is due at k/200 s, so exactly 400 are due; each ran or was dropped.
        Assert.Equal(400, result.Iterations + result.Run.Totals.Dropped);
        Assert.Equal(result.Iterations, result.StatusCodes["200"]);
        Assert.Equal("constant-rate", result.Run.Config.Model);
    }

    [Fact]
    public async Task A_ramp_and_the_logger_reach_every_vu()
    {
        await using var twin = await TestTargets.StartAsync(TestTargets.Asgi);
        var logger = new ListLogger();
        var scenario = Scenario.Create("ramp", async ctx =>
        {
            if (ctx.Iteration == 0) ctx.Logger.LogInformation("vu {Vu} started", ctx.VuId);
            await ctx.Http.GetAsync("/hello");
        });

        var result = await new LoadTest
        {
            Scenario = scenario,
            BaseUrl = twin.BaseAddress,
            Model = new RampingVus { StartVus = 1, Stages = [new Stage(TimeSpan.FromSeconds(1), 4), new Stage(TimeSpan.FromMilliseconds(500), 4)] },
            Logger = logger,
        }.RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("ramping-vus", result.Run.Config.Model);
        Assert.Equal(0, result.Failed);
        Assert.Equal(result.Iterations, result.StatusCodes["200"]);
        Assert.Equal(["vu 0 started", "vu 1 started", "vu 2 started", "vu 3 started"], logger.Messages.Order());
    }

    private sealed class ListLogger : ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages) return [.. _messages];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages) _messages.Add(formatter(state, exception));
        }
    }

    [Fact]
    public async Task Bad_fields_fail_before_anything_is_sent_naming_each_field()
    {
        var test = new LoadTest
        {
            Scenario = Scenario.Create("x", _ => Task.CompletedTask),
            Model = new ConstantVus { Vus = 0 },
            Thresholds = ["p99 < soon", "step[login].dropped==0"],
            BaseUrl = new Uri("https://example.test/"),
        };

        var ex = await Assert.ThrowsAsync<Bench.Load.Engine.PlanValidationException>(() => test.RunAsync(TestContext.Current.CancellationToken));
        Assert.Contains(ex.Problems, p => p.StartsWith("Thresholds: 'p99 < soon'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Thresholds: 'step[login].dropped==0'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("BaseUrl:", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("Model.vus:", StringComparison.Ordinal));
    }
}
