namespace Bench.Servers.Asgi;

/// <summary>
/// Counts, per kind of socket call (accept, recv, send, close), how many ran on the loop's thread and
/// which other threads made any. Tests switch it on to prove the loop owns its descriptors.
/// </summary>
internal sealed class ThreadAudit(int loopThreadId)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, long> _onLoop = [];
    private readonly List<(string Call, int Thread)> _offLoop = [];

    public void Record(string call)
    {
        int thread = Environment.CurrentManagedThreadId;
        lock (_sync)
        {
            if (thread == loopThreadId) _onLoop[call] = _onLoop.GetValueOrDefault(call) + 1;
            else _offLoop.Add((call, thread));
        }
    }

    public IReadOnlyDictionary<string, long> OnLoop { get { lock (_sync) return new Dictionary<string, long>(_onLoop); } }

    public IReadOnlyList<(string Call, int Thread)> OffLoop { get { lock (_sync) return [.. _offLoop]; } }
}
