using System.Diagnostics;

namespace Bench.Suites.Sampling;

/// <summary>
/// Samples a target every second while a cell runs: its process tree from /proc and its /stats.
/// The suite runner moves the time origin to the start of the measured phase
/// (<see cref="MarkMeasureStart"/>) and asks for extra samples at phase edges, so CPU seconds
/// per request use the exact measured window.
/// </summary>
public sealed class ServerSampler : IAsyncDisposable
{
    private readonly int? _pid;
    private readonly StatsProbe? _stats;
    private readonly List<(long At, ServerSample Sample)> _samples = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _origin = Stopwatch.GetTimestamp();
    private volatile string _phase = "warmup";
    private double _lastCpu = double.NaN;
    private long _lastAt;
    private Task? _loop;

    public ServerSampler(int? pid, Uri? statsUrl)
    {
        _pid = pid;
        _stats = statsUrl is null ? null : new StatsProbe(statsUrl);
    }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public void Start() => _loop ??= RunAsync(_stop.Token);

    /// <summary>From now on, elapsed time counts from here (the load series' zero).</summary>
    public void MarkMeasureStart()
    {
        Volatile.Write(ref _origin, Stopwatch.GetTimestamp());
        _phase = "measure";
    }

    /// <summary>Seconds from the time origin (the measured phase's start once marked) to <paramref name="at"/>.</summary>
    private double Elapsed(long at) => Math.Round((at - Volatile.Read(ref _origin)) / (double)Stopwatch.Frequency, 3);

    public void MarkPhase(string phase) => _phase = phase;

    public IReadOnlyList<ServerSample> Samples
    {
        get
        {
            // Rebased on read: warm-up samples learn their (negative) time only once the measured phase starts.
            lock (_samples) return _samples.Select(s => s.Sample with { ElapsedSeconds = Elapsed(s.At) }).ToArray();
        }
    }

    /// <summary>Takes a sample now (also used by tests to compare with /proc read independently).</summary>
    public async Task<ServerSample> SampleNowAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long at = Stopwatch.GetTimestamp();
            var stats = _stats is null ? null : await _stats.ReadAsync(cancellationToken).ConfigureAwait(false);
            int processes = 0, threads = 0, fds = 0;
            long rss = 0;
            double cpu = 0;
            if (_pid is { } pid)
                foreach (int p in ProcessTree.Of(pid))
                {
                    if (ProcReader.Read(p) is not { } f) continue;
                    processes++;
                    rss += f.RssBytes;
                    threads += f.Threads;
                    cpu += f.CpuSeconds;
                    fds += Math.Max(0, f.OpenFiles);
                }
            double wall = Stopwatch.GetElapsedTime(_lastAt, at).TotalSeconds;
            double percent = double.IsNaN(_lastCpu) || wall <= 0 ? 0 : Math.Max(0, (cpu - _lastCpu) / wall * 100);
            _lastCpu = cpu;
            _lastAt = at;
            var sample = new ServerSample(Elapsed(at), _phase, processes, rss, threads, Math.Round(cpu, 3), Math.Round(percent, 1), fds, stats);
            lock (_samples) _samples.Add((at, sample));
            return sample;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            await SampleNowAsync(cancellationToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                await SampleNowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _stats?.Dispose();
        _gate.Dispose();
    }
}
