using System.Collections.Concurrent;
using Bench.Load.Vocabulary;
using Bench.Load.Results;
using HdrHistogram;

namespace Bench.Load.Metrics;

/// <summary>
/// The named steps of code scenarios (<c>ctx.Measure("login", ...)</c>), like NBomber's steps and
/// k6's groups: per step a latency histogram and counts by outcome, plus the run's exceptions by
/// type. Steps are discovered as they run, so the set is a concurrent map; recording into one is
/// the same wait-free recorder write as the engine's own latencies.
/// </summary>
public sealed class StepMetrics
{
    private readonly ConcurrentDictionary<string, StepRecorder> _steps = new(StringComparer.Ordinal);
    private readonly List<StepRecorder> _order = [];
    private readonly Lock _lock = new();
    private readonly ExceptionCounts _exceptions = new();

    /// <summary>False during warm-up: the engine records nothing then, and neither do steps.</summary>
    public bool Recording { get; internal set; }

    public bool IsEmpty => _steps.IsEmpty && _exceptions.IsEmpty;

    /// <summary>The step of this name, created on first use; results list steps in that order.</summary>
    public StepRecorder Step(string name)
    {
        if (_steps.TryGetValue(name, out var step)) return step;
        lock (_lock)
        {
            if (_steps.TryGetValue(name, out step)) return step;
            step = new StepRecorder(name);
            _order.Add(step);
            _steps[name] = step;
            return step;
        }
    }

    /// <summary>An iteration ended by an exception of this type (its step, if any, counts it too).</summary>
    public void CountException(Type type)
    {
        if (Recording) _exceptions.Add(type);
    }

    internal IEnumerable<LatencyRecorder> Recorders
    {
        get
        {
            lock (_lock) return _order.Select(s => s.Latency).ToArray();
        }
    }

    public IReadOnlyList<StepResult>? Summarize(double elapsedSeconds)
    {
        StepRecorder[] steps;
        lock (_lock) steps = [.. _order];
        return steps.Length == 0 ? null : steps.Select(s => s.Summarize(elapsedSeconds)).ToArray();
    }

    public IReadOnlyDictionary<string, long>? Exceptions() => _exceptions.IsEmpty ? null : _exceptions.Table();

    /// <summary>The value a <c>step[name].metric</c> threshold compares; NaN when the step never ran.</summary>
    public double ThresholdValue(string step, string metric, double elapsedSeconds)
    {
        if (!_steps.TryGetValue(step, out var s)) return double.NaN;
        long count = s.Count;
        switch (metric)
        {
            case "errors": return count > 0 ? (double)s.Failed / count : 0;
            case "requests": return count;
            case "failed": return s.Failed;
            case "rate": return elapsedSeconds > 0 ? count / elapsedSeconds : 0;
        }
        var h = s.Latency.Cumulative;
        if (h.TotalCount == 0) return double.NaN;
        return metric switch
        {
            "max" => HdrHistogram.HistogramExtensions.GetMaxValue(h),
            "min" => h.LowestEquivalentValue(h.RecordedValues().First().ValueIteratedTo),
            "mean" => h.GetMean(),
            _ => h.GetValueAtPercentile(double.Parse(metric[1..], System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}

/// <summary>One named step: its latencies (microseconds) and how each call ended.</summary>
public sealed class StepRecorder
{
    private readonly long[] _errors = new long[ErrorKinds.Count];
    private readonly ExceptionCounts _exceptions = new();
    private long _count;
    private long _failed;

    internal StepRecorder(string name)
    {
        Name = name;
        Latency = new LatencyRecorder("step:" + name);
    }

    public string Name { get; }

    public LatencyRecorder Latency { get; }

    public long Count => Volatile.Read(ref _count);

    public long Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// One call of the step. As in the engine, an interrupted call is counted but its time is
    /// not recorded: the run cut it short, so it says nothing about the target.
    /// </summary>
    public void Record(long micros, ErrorKind error, Type? exception = null)
    {
        Interlocked.Increment(ref _count);
        if (error != ErrorKind.None)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.Increment(ref _errors[(int)error]);
            if (exception is not null) _exceptions.Add(exception);
        }
        if (error != ErrorKind.Interrupted) Latency.Record(micros);
    }

    internal StepResult Summarize(double elapsedSeconds)
    {
        long count = Count, failed = Failed;
        var errors = new Dictionary<string, long>();
        for (int i = 1; i < _errors.Length; i++)
        {
            long n = Volatile.Read(ref _errors[i]);
            if (n > 0) errors[ErrorKinds.Name((ErrorKind)i)] = n;
        }
        return new StepResult(
            Name,
            Count: count,
            Ok: count - failed,
            Failed: failed,
            Rate: elapsedSeconds > 0 ? Math.Round(count / elapsedSeconds, 1) : 0,
            Latency: Percentiles.Summarize(Latency.Cumulative),
            Errors: errors,
            Exceptions: _exceptions.Table(),
            Histogram: HistogramCodec.Encode(Latency.Cumulative));
    }
}

/// <summary>Counts by exception type name; exceptions are the slow path, so a lock is fine.</summary>
internal sealed class ExceptionCounts
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool IsEmpty
    {
        get
        {
            lock (_lock) return _counts.Count == 0;
        }
    }

    public void Add(Type type)
    {
        string name = type.FullName ?? type.Name;
        lock (_lock) _counts[name] = _counts.GetValueOrDefault(name) + 1;
    }

    public Dictionary<string, long> Table()
    {
        lock (_lock) return new Dictionary<string, long>(_counts, StringComparer.Ordinal);
    }
}
