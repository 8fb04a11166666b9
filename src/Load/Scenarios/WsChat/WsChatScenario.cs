using Bench.Load.Engine;
using Bench.Load.Metrics;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios.WsChat;

/// <summary>
/// <c>ws-chat</c>: connections are split into rooms of <see cref="StreamOptions.RoomSize"/>
/// members; once a room is full every member sends on its own schedule, and every member checks
/// that it receives every message of its room once, in the room's order, timing each delivery
/// from the server's broadcast stamp (fan-out lag).
/// </summary>
public sealed class WsChatScenario : ILongLivedScenario
{
    public WsChatScenario(StreamOptions spec)
    {
        Spec = spec;
        Target = SessionTarget.For(spec);
        var payload = new byte[spec.MessageSize];
        payload.AsSpan().Fill((byte)'x');
        Payload = payload;
    }

    public StreamOptions Spec { get; }

    internal SessionTarget Target { get; }

    /// <summary>What every member sends (the server stamps it): one array for the run, not one per connection.</summary>
    internal ReadOnlyMemory<byte> Payload { get; }

    public Bench.Load.Metrics.TlsMetrics? Tls => (Target.Transports as Clients.Tls.TlsTransport.Factory)?.Metrics;

    public string Name => "ws-chat";

    public string Describe() =>
        $"WebSocket chat ws://{Spec.HostHeader}{Spec.PathAndQuery}, rooms of {Spec.RoomSize:N0}, {Spec.MessageRate:0.##} msg/s per member";

    /// <summary>A room's members wait for each other in this process: a sharded run keeps each room in one shard.</summary>
    public int ShardBlock => Spec.ShardBlock;

    public StreamMetrics CreateMetrics(int connections) => new(WsChatLayout.Layout)
    {
        RunState = new ChatRooms(connections, Spec.RoomSize),
        Capacity = CapacityCheck.Check(connections, Spec.SourceAddresses.Count),
    };

    public IVirtualUser CreateUser(VuContext context)
    {
        var metrics = context.Metrics.Stream ?? throw new InvalidOperationException("run ws-chat through LoadRunner");
        var rooms = (ChatRooms)metrics.RunState!;
        string path = Spec.PathAndQuery;
        string room = $"bench-{rooms.Token}-{rooms.IndexOf(context.Index)}";
        path += (path.Contains('?') ? "&room=" : "?room=") + room;
        return new WsChatSession(this, metrics, rooms.For(context.Index), path, context.Index, context.Timeout);
    }

    public void Dispose() => Target.Dispose();
}
