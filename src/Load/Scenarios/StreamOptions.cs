using Bench.Load.Models;
using Bench.Load.Scenarios.Sessions;

namespace Bench.Load.Scenarios;

/// <summary>
/// The options of one long-lived scenario (SSE, WebSocket, hold) as data, with every knob's default in one place: the CLI flags,
/// scenario files and suites all build this record, and <see cref="ScenarioFactory"/> turns it
/// into a scenario and its connection model. Fields a kind does not use are ignored.
/// </summary>
public sealed record StreamOptions
{
    public static readonly IReadOnlyList<string> Kinds = ["sse", "ws-echo", "ws-chat", "hold", "trickle"];

    /// <summary>"sse", "ws-echo", "ws-chat", "hold" or "trickle".</summary>
    public required string Kind { get; init; }

    /// <summary>http://, https://, ws:// or wss:// URL; an empty path ("/") takes the kind's route (/sse, /ws/echo, /ws/chat, /health).</summary>
    public required Uri Url { get; init; }

    /// <summary>TLS options for an https:// or wss:// URL (trust, SNI, client certificate, resumption); defaults verify against the machine's roots.</summary>
    public Clients.Tls.TlsSettings Tls { get; init; } = new();

    /// <summary>Whether the URL asks for TLS (https:// or wss://).</summary>
    public bool IsTls => Url.IsAbsoluteUri && Url.Scheme is "https" or "wss";

    public int Connections { get; init; } = 100;

    /// <summary>New connections per second; 0 opens them all at once.</summary>
    public double RampRate { get; init; } = 1000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect and handshake timeout, and the longest silence on a stream that expects data.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>sse: events per stream, 0 for a stream that lasts until the hold ends.</summary>
    public int Events { get; init; }

    /// <summary>sse: the server's interval between events.</summary>
    public TimeSpan EventInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>sse: after a premature end, reconnect with Last-Event-ID (as EventSource does) and time the resume.</summary>
    public bool Reconnect { get; init; }

    /// <summary>ws-echo and ws-chat: bytes per message.</summary>
    public int MessageSize { get; init; } = 64;

    /// <summary>ws-echo and ws-chat: messages per second per client, on an open schedule.</summary>
    public double MessageRate { get; init; } = 1;

    /// <summary>ws-chat: members per room; connections are split into rooms of this size.</summary>
    public int RoomSize { get; init; } = 25;

    /// <summary>hold: a keep-alive request this often (below the server's idle timeout); 0 sends one and then stays silent.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>trickle: one byte of the request head every this long (slowloris).</summary>
    public TimeSpan TrickleInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SourceAddresses SourceAddresses { get; init; } = SourceAddresses.None;

    /// <summary>The part of the run this process holds (<c>--shard I/N</c>); <see cref="Connections"/> stays the whole run's.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Connections dealt to shards together: a chat room's members must share a process.</summary>
    public int ShardBlock => Kind == "ws-chat" ? RoomSize : 1;

    /// <summary>The connection ramp this process runs: the whole run's, or its shard's part of it.</summary>
    public ILoadModel Model => Sharding.Apply(new ConnectionRamp { Connections = Connections, RampRate = RampRate, Duration = Duration }, Shard, ShardBlock);

    /// <summary>Every problem at once, each naming its field and the allowed range.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Kinds.Contains(Kind)) problems.Add($"scenario: must be one of {string.Join(", ", Kinds)} (got '{Kind}')");
        if (!Url.IsAbsoluteUri || Url.Scheme is not ("http" or "ws" or "https" or "wss"))
            problems.Add($"url: scheme must be http://, https://, ws:// or wss:// (got '{(Url.IsAbsoluteUri ? Url.Scheme : Url.OriginalString)}')");
        problems.AddRange(Model.Validate().Select(p => p.ToString()));
        if (Timeout < TimeSpan.FromMilliseconds(1) || Timeout > TimeSpan.FromHours(1)) problems.Add($"timeout: must be in [1ms, 1h] (got {ModelText.Duration(Timeout)})");
        if (Events is < 0 or > 10_000_000) problems.Add($"events: must be in [0, 10,000,000] (got {Events})");
        if (EventInterval < TimeSpan.Zero || EventInterval > TimeSpan.FromMinutes(1)) problems.Add($"eventInterval: must be in [0, 1m] (got {ModelText.Duration(EventInterval)})");
        if (MessageSize is < 16 or > 1024 * 1024) problems.Add($"messageSize: must be in [16, 1,048,576] bytes (got {MessageSize})");
        if (!(MessageRate > 0 && MessageRate <= 10_000)) problems.Add($"messageRate: must be in (0, 10,000] messages/s per client (got {MessageRate})");
        if (RoomSize is < 1 or > 10_000) problems.Add($"roomSize: must be in [1, 10,000] (got {RoomSize})");
        if (PingInterval < TimeSpan.Zero || PingInterval > TimeSpan.FromHours(1)) problems.Add($"pingInterval: must be in [0, 1h] (got {ModelText.Duration(PingInterval)})");
        if (TrickleInterval < TimeSpan.FromMilliseconds(1) || TrickleInterval > TimeSpan.FromMinutes(1)) problems.Add($"trickleInterval: must be in [1ms, 1m] (got {ModelText.Duration(TrickleInterval)})");
        return problems;
    }

    /// <summary>The route this kind talks to when the URL has no path of its own.</summary>
    public string PathAndQuery
    {
        get
        {
            bool bare = Url.AbsolutePath == "/" && Url.Query.Length == 0;
            return Kind switch
            {
                "sse" when bare => $"/sse?events={Events}&interval_ms={(long)EventInterval.TotalMilliseconds}",
                "ws-echo" when bare => "/ws/echo",
                "ws-chat" when bare => "/ws/chat",
                "hold" when bare => "/health",
                "trickle" when bare => "/hello",
                _ => Url.PathAndQuery,
            };
        }
    }

    public string HostHeader => Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}";
}
