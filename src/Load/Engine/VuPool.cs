using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// Virtual users by index, created on first use and kept across phases, so the warm-up's
/// connections carry into the measured phase.
/// </summary>
internal sealed class VuPool(IScenario scenario, RunMetrics metrics, TimeSpan timeout, int size) : IAsyncDisposable
{
    private readonly IVirtualUser?[] _users = new IVirtualUser?[size];

    public int Size => _users.Length;

    public IScenario Scenario => scenario;

    public IVirtualUser Get(int index) =>
        _users[index] ??= scenario.CreateUser(new VuContext(index, metrics, timeout));

    /// <summary>Interrupts every in-flight iteration (graceful stop ran out).</summary>
    public void AbortAll()
    {
        foreach (var user in _users) user?.Abort();
    }

    /// <summary>Drops aborted users so a later phase starts with fresh ones.</summary>
    public async ValueTask ResetAsync()
    {
        for (int i = 0; i < _users.Length; i++)
        {
            if (_users[i] is { } user) await user.DisposeAsync().ConfigureAwait(false);
            _users[i] = null;
        }
    }

    public ValueTask DisposeAsync() => ResetAsync();
}
