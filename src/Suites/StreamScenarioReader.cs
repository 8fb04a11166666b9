using Bench.Load.Engine;
using Bench.Load.Scenarios;

namespace Bench.Suites;

/// <summary>
/// Suite cells of the long-lived kinds (issue 5): <c>{"kind": "sse", "events": 0, "eventInterval": "1s"}</c>,
/// <c>{"kind": "ws-echo", "messageSize": 64, "messageRate": 1}</c>, <c>{"kind": "ws-chat", "roomSize": 25}</c>,
/// <c>{"kind": "hold", "pingInterval": "1s"}</c>, <c>{"kind": "trickle", "trickleInterval": "1s"}</c>; an optional "path" replaces the kind's route. The
/// cell's connections sweep sets how many are held, all at once, for the cell's duration.
/// </summary>
public sealed class StreamScenarioReader(string kind) : IScenarioReader
{
    public string Kind => kind;

    public Func<Uri, IScenario>? Parse(JsonFields f)
    {
        var d = new StreamOptions { Kind = kind, Url = new Uri("http://127.0.0.1/") };
        string? path = f.String("path");
        var events = f.Integer("events", 0, 10_000_000);
        var interval = f.Duration("eventInterval", TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var reconnect = f.Bool("reconnect");
        var size = f.Integer("messageSize", 16, 1024 * 1024);
        var rate = f.Number("messageRate", 0, 10_000, minExclusive: true);
        var room = f.Integer("roomSize", 1, 10_000);
        var ping = f.Duration("pingInterval", TimeSpan.Zero, TimeSpan.FromHours(1));
        var trickle = f.Duration("trickleInterval", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        if (path is not null && !path.StartsWith('/')) f.Problem("path", $"must start with '/' (got '{path}')");
        var spec = d with
        {
            Events = (int)(events ?? d.Events),
            EventInterval = interval ?? d.EventInterval,
            Reconnect = reconnect ?? false,
            MessageSize = (int)(size ?? d.MessageSize),
            MessageRate = rate ?? d.MessageRate,
            RoomSize = (int)(room ?? d.RoomSize),
            PingInterval = ping ?? d.PingInterval,
            TrickleInterval = trickle ?? d.TrickleInterval,
        };
        return baseUrl => ScenarioFactory.Create(spec with { Url = new Uri(baseUrl, path ?? "/") });
    }
}
