using System.Runtime.CompilerServices;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Metrics;
using Microsoft.Extensions.Logging;

namespace Bench.Load.Code;

/// <summary>
/// What a scenario function sees: which virtual user runs it and which iteration this is, the
/// user's own connections, a logger, and <see cref="Measure(string, Func{Task})"/> for named
/// steps. One context per VU, reused for each of its iterations; never shared between VUs, so
/// the function needs no locks for what it keeps in <see cref="Items"/>.
/// </summary>
public sealed class ScenarioContext
{
    private readonly CodeScenarioHost _host;
    private readonly StepMetrics _steps;
    private readonly CancellationTokenSource _abort = new();
    private readonly List<IAsyncDisposable> _clients = [];
    private readonly TimeSpan _timeout;
    private VuHttpClient? _http;

    internal ScenarioContext(CodeScenarioHost host, VuContext vu)
    {
        _host = host;
        VuId = vu.Index;
        _timeout = vu.Timeout;
        _steps = vu.Metrics.Steps;
        Tally = new IterationTally(vu.Metrics);
    }

    /// <summary>This virtual user's index, 0 to the model's VU count - 1.</summary>
    public int VuId { get; }

    /// <summary>This VU's iteration, counted from 0 (warm-up iterations included).</summary>
    public long Iteration { get; internal set; }

    /// <summary>The scenario's base URL, or null when the test set none (then only <see cref="Http"/> is unavailable).</summary>
    public Uri? BaseUrl => _host.BaseUrl;

    public ILogger Logger => _host.Logger;

    /// <summary>Cancelled when the run interrupts this VU (graceful stop ran out, Ctrl-C): pass it to your own waits.</summary>
    public CancellationToken Cancellation => _abort.Token;

    /// <summary>This VU's state across iterations; values that are disposable are disposed when the VU ends.</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>This VU's keep-alive connection to <see cref="BaseUrl"/>, opened on the first request.</summary>
    /// <exception cref="InvalidOperationException">The load test has no base URL.</exception>
    public VuHttpClient Http => _http ??= _host.CreateHttp(VuId, _timeout, Tally);

    internal IterationTally Tally { get; }

    internal bool Aborted => _abort.IsCancellationRequested;

    /// <summary>
    /// Runs <paramref name="action"/> as the named step: its time goes into the step's own
    /// histogram and its outcome into the step's counts (failures by error kind and exception
    /// type). A failure still propagates, so the iteration fails too; catch it inside the action
    /// to go on.
    /// </summary>
    [OverloadResolutionPriority(1)]
    public async Task Measure(string step, Func<Task> action)
    {
        var recorder = _steps.Step(step);
        long start = Clock.Now;
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(recorder, start, ex);
            throw;
        }
        Record(recorder, start, null);
    }

    /// <inheritdoc cref="Measure(string, Func{Task})"/>
    public Task Measure(string step, Func<ValueTask> action) => Measure(step, () => action().AsTask());

    /// <inheritdoc cref="Measure(string, Func{Task})"/>
    // An async lambda that returns a value fits both this and the Task<T> overload; this one wins
    // (its builder allocates nothing when the step completes synchronously).
    [OverloadResolutionPriority(1)]
    public async Task<T> Measure<T>(string step, Func<ValueTask<T>> action)
    {
        var recorder = _steps.Step(step);
        long start = Clock.Now;
        T value;
        try
        {
            value = await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(recorder, start, ex);
            throw;
        }
        Record(recorder, start, null);
        return value;
    }

    /// <inheritdoc cref="Measure(string, Func{Task})"/>
    public Task<T> Measure<T>(string step, Func<Task<T>> action) => Measure(step, () => new ValueTask<T>(action()));

    private void Record(StepRecorder recorder, long start, Exception? ex)
    {
        if (!_steps.Recording) return;
        var kind = FailureKind(ex);
        recorder.Record(Clock.ToMicros(Clock.Now - start), kind, kind == ErrorKind.Exception ? ex!.GetType() : null);
    }

    /// <summary>How a failure is counted: a request's own kind, interrupted once the run aborted this VU, else an exception.</summary>
    internal ErrorKind FailureKind(Exception? ex) => ex switch
    {
        null => ErrorKind.None,
        RequestFailedException r => r.Kind,
        _ when Aborted => ErrorKind.Interrupted,
        _ => ErrorKind.Exception,
    };

    /// <summary>
    /// Opens a WebSocket to <paramref name="path"/> on the base URL (ws:// on the same host and
    /// port). Dispose it when done; whatever is still open when the VU ends is closed then.
    /// </summary>
    /// <exception cref="RequestFailedException">Connect or handshake failed (a non-101 answer is http-status).</exception>
    public async ValueTask<WebSocketClient> OpenWebSocketAsync(string path)
    {
        var client = await WebSocketClient.OpenAsync(_host.StreamUrl(path, webSocket: true), _host.StreamHandler, _timeout, this).ConfigureAwait(false);
        Track(client);
        return client;
    }

    /// <summary>Subscribes to the server-sent events at <paramref name="path"/> on the base URL.</summary>
    /// <exception cref="RequestFailedException">Connect failed or the answer was not 200.</exception>
    public async ValueTask<SseClient> OpenSseAsync(string path, long? lastEventId = null)
    {
        var client = await SseClient.OpenAsync(_host.StreamUrl(path, webSocket: false), _host.StreamHandler, lastEventId, _timeout, this).ConfigureAwait(false);
        Track(client);
        return client;
    }

    private void Track(IAsyncDisposable client)
    {
        lock (_clients) _clients.Add(client);
    }

    internal void Untrack(IAsyncDisposable client)
    {
        lock (_clients) _clients.Remove(client);
    }

    internal ValueTask<bool> DelayUntilAsync(long timestamp) => Http.DelayUntilAsync(timestamp);

    /// <summary>From any thread: fails whatever the VU has in flight; the iteration then ends as interrupted.</summary>
    internal void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (AggregateException)
        {
            // A client's own abort callback failed; the others still ran, and the VU is being torn down.
        }
        _http?.Abort();
    }

    internal async ValueTask DisposeAsync()
    {
        Abort();
        IAsyncDisposable[] clients;
        lock (_clients) clients = [.. _clients];
        foreach (var c in clients) await c.DisposeAsync().ConfigureAwait(false);
        foreach (var value in Items.Values)
        {
            if (value is IAsyncDisposable a) await a.DisposeAsync().ConfigureAwait(false);
            else if (value is IDisposable d) d.Dispose();
        }
        _http?.Dispose();
        _abort.Dispose();
    }
}
