using Xunit;

namespace Bench.Tests.Peers;

/// <summary>
/// The five peer targets, started once (in parallel) for all the peer tests. When the peers are not
/// installed nothing starts and <see cref="MissingReason"/> says why; a peer that fails to start is
/// recorded with its output, so only its own rows fail.
/// </summary>
public sealed class PeerTargets : IAsyncLifetime
{
    private readonly Dictionary<string, PeerProcess> _running = [];
    private readonly Dictionary<string, string> _failed = [];
    private readonly Dictionary<string, HttpClient> _clients = [];

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    public string? MissingReason { get; private set; }

    internal PeerProcess this[string name] =>
        _running.TryGetValue(name, out var peer) ? peer : throw new InvalidOperationException($"{name} did not start: {_failed.GetValueOrDefault(name)}");

    internal HttpClient Client(string name) => _clients[name];

    internal static TheoryData<string> Names(Func<PeerTarget, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var t in PeerTarget.All.Where(where ?? (_ => true))) data.Add(t.Name);
        return data;
    }

    public async ValueTask InitializeAsync()
    {
        MissingReason = PeerAvailability.MissingReason;
        if (MissingReason is not null) return;
        await Task.WhenAll(PeerTarget.All.Select(async target =>
        {
            try
            {
                var peer = await PeerProcess.StartAsync(target, StartTimeout);
                lock (_running)
                {
                    _running[target.Name] = peer;
                    _clients[target.Name] = peer.CreateClient();
                }
            }
            catch (Exception e)
            {
                lock (_running) _failed[target.Name] = e.Message;
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        await Task.WhenAll(_running.Values.Select(p => p.DisposeAsync().AsTask()));
    }
}
