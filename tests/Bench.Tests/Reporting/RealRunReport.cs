using System.Diagnostics;
using Bench.Load.Models;
using Bench.Reporting;
using Bench.Reporting.Input;
using Bench.Reporting.Model;
using Bench.Load.Results;
using Xunit;
using Bench.Tests.Load.Support;

namespace Bench.Tests.Reporting;

/// <summary>
/// A report generated from real load: short closed-model runs at three concurrency levels and
/// an open-model pair against in-process Kestrel, the test process's own /proc figures as the
/// server samples, one cell whose error text is a &lt;script&gt; (as a hostile server could send),
/// and a verdict per claim computed from the measured numbers. Written once per test class.
/// </summary>
public sealed class RealRunReport : IAsyncLifetime
{
    public string Dir { get; } = Path.Combine(AppContext.BaseDirectory, "report-artifacts", "real-run");
    public ReportRun Run { get; private set; } = null!;
    public ReportOutput Output { get; private set; } = null!;

    public const string Hostile = "<script>window.__pwned = 1</script><img src=x onerror=alert(1)>";

    public async ValueTask InitializeAsync()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        Directory.CreateDirectory(Dir);
        await using var server = await TestServer.StartAsync();
        var cells = new List<ReportCell>();
        foreach (int vus in new[] { 1, 4, 16 })
        {
            var samples = new List<ServerSample>();
            using var sampling = new CancellationTokenSource();
            var sampler = SampleSelfAsync(samples, sampling.Token);
            var result = await Runs.RunAsync(server.Url("/hello"), new ConstantVus { Vus = vus, Duration = TimeSpan.FromSeconds(1) });
            await sampling.CancelAsync();
            await sampler;
            cells.Add(new ReportCell { Id = $"http/kestrel/hello/c{vus}/1", Target = "kestrel", Scenario = "hello", Connections = vus, Result = result, Samples = samples, Status = result.Status });
        }
        foreach (double rate in new[] { 200.0, 800 })
        {
            var result = await Runs.RunAsync(server.Url("/hello"), new ConstantRate { Rate = rate, Duration = TimeSpan.FromSeconds(1), Vus = 20 });
            cells.Add(new ReportCell { Id = $"capacity/kestrel/hello/r{rate}/1", Target = "kestrel", Scenario = "hello", OfferedRate = rate, Result = result, Status = result.Status });
        }
        cells.Add(new ReportCell { Id = "http/evil/hello/c1/1", Target = "evil<b>", Scenario = "hello", Connections = 1, Status = "failed", Error = Hostile });

        string resultsPath = Path.Combine(Dir, "results.json");
        ResultsFile.Write(resultsPath, cells[0].Result!);
        double low = cells[0].Result!.Totals.Rate, high = cells[2].Result!.Totals.Rate;
        Run = new ReportRun
        {
            RunId = "real-run", Source = "test: real load against in-process Kestrel", SuiteName = "reporting-smoke",
            StartedAt = cells[0].Result!.StartedAt, Status = RunStatus.Completed, GitCommit = "test",
            Machine = RunResultAdapter.Machine(cells[0].Result!.Machine), Pinning = "none (test)",
            SuiteDefinition = $"{{ \"name\": \"reporting-smoke\", \"note\": \"{Hostile}\" }}",
            Cells = cells,
            Claims =
            [
                new ReportClaim
                {
                    Id = "1", Title = "Throughput grows with connections", Measured = "req/s at 1 and 16 connections",
                    Verdict = high > low ? Verdicts.Supported : Verdicts.NotSupported,
                    Numbers = [new("rate at c=1", $"{low:N0} req/s"), new("rate at c=16", $"{high:N0} req/s")],
                    CellIds = cells.Take(3).Select(c => c.Id).ToList(),
                },
                new ReportClaim
                {
                    Id = "2", Title = "The open model keeps its offered rate", Measured = "achieved vs offered req/s",
                    Verdict = Verdicts.Depends, Numbers = [new("achieved at 800/s", $"{cells[4].Result!.Totals.Rate:N0} req/s")],
                    CellIds = cells.Skip(3).Take(2).Select(c => c.Id).ToList(),
                },
                new ReportClaim { Id = "5", Title = "SSE subscribers " + Hostile, Verdict = Verdicts.NotMeasured, CellIds = [cells[5].Id] },
            ],
        };
        Output = ReportGenerator.Generate(Run, resultsPath, Dir);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The test process hosts the server, so its own /proc figures are the server's.</summary>
    private static async Task SampleSelfAsync(List<ServerSample> samples, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var self = Process.GetCurrentProcess();
        try
        {
            while (true)
            {
                self.Refresh();
                samples.Add(new ServerSample(clock.Elapsed.TotalSeconds, self.WorkingSet64, self.Threads.Count, null, null, null));
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
