using System.Diagnostics;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// Measures, once for the class, how long four concurrent /cpu requests take relative to one, on a
/// 4-thread WSGI twin with and without --gil. The work per request is calibrated first so that one
/// request takes about 150 ms whatever the machine. Each round times one request and then four, on
/// both servers back to back, so a ratio compares runs under the same background load; the median
/// round is kept, so a burst of load in one round does not decide the verdict.
/// </summary>
public sealed class CpuRatios : IAsyncLifetime
{
    private const double TargetMs = 150;
    private const int Rounds = 5;

    public int Iterations { get; private set; }
    public double SingleMs { get; private set; }
    public double GilRatio { get; private set; }
    public double ParallelRatio { get; private set; }
    private readonly List<string> _rounds = [];

    /// <summary>The same ratio for plain threads in this process, without any server: what the machine allows right now.</summary>
    public double MachineRatio { get; private set; }

    public override string ToString() =>
        $"iterations={Iterations}, one request {SingleMs:F0} ms; median 4-concurrent/1 ratio with gil {GilRatio:F2}, without {ParallelRatio:F2}; " +
        $"rounds one/four ms (without; with): {string.Join(" | ", _rounds)}; 4-threads/1 for bare threads on this machine: {MachineRatio:F2} " +
        "(near 4 means the cores were busy with other work and the ratios above say little)";

    public async ValueTask InitializeAsync()
    {
        await using var plain = await TestTargets.StartAsync(TestTargets.Wsgi, new TargetSettings { Threads = 4 });
        await using var gil = await TestTargets.StartAsync(TestTargets.Wsgi, new TargetSettings { Threads = 4, Gil = true });
        var plainClient = plain.CreateClient();
        var gilClient = gil.CreateClient();
        Iterations = await CalibrateAsync(plainClient);
        // Warm-up: four connections open on each server and the route compiled.
        await TimeAsync(plainClient, Iterations, 4);
        await TimeAsync(gilClient, Iterations, 4);

        var singles = new List<double>();
        var parallel = new List<double>();
        var serial = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            double one = await TimeAsync(plainClient, Iterations, 1);
            double four = await TimeAsync(plainClient, Iterations, 4);
            double gilOne = await TimeAsync(gilClient, Iterations, 1);
            double gilFour = await TimeAsync(gilClient, Iterations, 4);
            singles.Add(one);
            parallel.Add(four / one);
            serial.Add(gilFour / gilOne);
            _rounds.Add($"{one:F0}/{four:F0}; {gilOne:F0}/{gilFour:F0}");
        }
        MachineRatio = MeasureMachineRatio(Iterations);
        SingleMs = Median(singles);
        ParallelRatio = Median(parallel);
        GilRatio = Median(serial);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double MeasureMachineRatio(int iterations)
    {
        static double Run(int threads, int iterations)
        {
            var clock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Bench.Servers.App.DemoPayloads.Cpu(iterations, static () => { }))).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            return clock.Elapsed.TotalMilliseconds;
        }
        Run(1, iterations);
        return Run(4, iterations) / Run(1, iterations);
    }

    private static async Task<int> CalibrateAsync(HttpClient client)
    {
        const int probe = 20_000_000;
        await TimeAsync(client, probe, 1);
        double ms = Math.Min(await TimeAsync(client, probe, 1), await TimeAsync(client, probe, 1));
        return (int)Math.Clamp(probe * TargetMs / Math.Max(ms, 1), 1_000_000, 2_000_000_000);
    }

    private static async Task<double> TimeAsync(HttpClient client, int iterations, int concurrent)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrent).Select(async _ =>
        {
            using var response = await client.GetAsync($"/cpu?iterations={iterations}");
            response.EnsureSuccessStatusCode();
        }));
        return clock.Elapsed.TotalMilliseconds;
    }
}

/// <summary>
/// The modelled GIL (docs/GATEWAYS.md §6): with --gil, app code runs under one lock, so CPU-bound requests on four
/// threads take turns (≈4× one request); without it they run in parallel on the machine's two cores (≈2×).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class GilTests : IClassFixture<CpuRatios>
{
    private readonly CpuRatios _ratios;

    /// <summary>
    /// Above this, four bare threads in this process take more than 3× one: the machine's cores are busy
    /// with other work, so no ratio measured now can tell serialised from parallel.
    /// </summary>
    private const double BusyMachineRatio = 3.0;

    public GilTests(CpuRatios ratios, ITestOutputHelper output)
    {
        _ratios = ratios;
        output.WriteLine(ratios.ToString());
    }

    private void RequireTwoFreeCores()
    {
        if (_ratios.MachineRatio > BusyMachineRatio)
            Assert.Skip($"needs two cores free of other work: four bare threads took {_ratios.MachineRatio:F2}× one on this machine just now ({_ratios})");
    }

    [Fact]
    public void Wsgi_with_gil_serialises_cpu_work_so_four_requests_take_about_four_times_one()
    {
        RequireTwoFreeCores();
        Assert.True(_ratios.GilRatio >= 3.0, _ratios.ToString());
    }

    [Fact]
    public void Wsgi_without_gil_runs_cpu_work_in_parallel_on_the_cores()
    {
        RequireTwoFreeCores();
        Assert.True(_ratios.ParallelRatio <= 3.0, _ratios.ToString());
    }

    [Fact]
    public void Wsgi_gil_ratio_is_clearly_above_the_parallel_one()
    {
        RequireTwoFreeCores();
        Assert.True(_ratios.GilRatio >= 1.3 * _ratios.ParallelRatio, _ratios.ToString());
    }
}
