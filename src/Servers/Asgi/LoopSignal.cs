using System.Threading.Tasks.Sources;

namespace Bench.Servers.Asgi;

/// <summary>
/// A reusable awaitable result that is only ever completed on the loop thread, so whoever awaits it
/// resumes inline in that same turn: no queue hop, no allocation per wait (the awaiter's captured
/// context is the loop itself, so skipping the post changes the thread of nothing).
/// </summary>
internal sealed class LoopSignal<T> : IValueTaskSource<T>
{
    private ManualResetValueTaskSourceCore<T> _core;

    public ValueTask<T> Task => new(this, _core.Version);

    public void Reset() => _core.Reset();

    public void SetResult(T result) => _core.SetResult(result);

    public void SetException(Exception error) => _core.SetException(error);

    public T GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
}
