namespace Bench.Servers.App;

public enum RouteKind
{
    NotFound, MethodNotAllowed, Health, Hello, Json, User, Cpu, Blocking, Offload, Stream, Sse, Upload,
    Stats, WhoAmI, WsEcho, WsChat,
}

/// <summary>The demo app's route table (the demo app table in README.md), written once for every target.</summary>
public readonly record struct DemoRoute(RouteKind Kind, string? UserId = null)
{
    public static DemoRoute Match(string method, string path)
    {
        var (kind, userId, wantMethod) = path switch
        {
            "/health" => (RouteKind.Health, null, "GET"),
            "/hello" => (RouteKind.Hello, null, "GET"),
            "/json" => (RouteKind.Json, null, "GET"),
            "/cpu" => (RouteKind.Cpu, null, "GET"),
            "/blocking" => (RouteKind.Blocking, null, "GET"),
            "/offload" => (RouteKind.Offload, null, "GET"),
            "/stream" => (RouteKind.Stream, null, "GET"),
            "/sse" => (RouteKind.Sse, null, "GET"),
            "/upload" => (RouteKind.Upload, null, "POST"),
            "/stats" => (RouteKind.Stats, null, "GET"),
            "/whoami" => (RouteKind.WhoAmI, null, "GET"),
            "/ws/echo" => (RouteKind.WsEcho, null, "GET"),
            "/ws/chat" => (RouteKind.WsChat, null, "GET"),
            _ when path.StartsWith("/users/", StringComparison.Ordinal) && path.Length > 7 && path.IndexOf('/', 7) < 0
                => (RouteKind.User, path[7..], "GET"),
            _ => (RouteKind.NotFound, (string?)null, ""),
        };
        if (kind == RouteKind.NotFound) return new(kind);
        // HEAD is GET without the body, as every HTTP server treats it.
        bool methodOk = method == wantMethod || (wantMethod == "GET" && method == "HEAD");
        return methodOk ? new(kind, userId) : new(RouteKind.MethodNotAllowed);
    }

    /// <summary>Routes only the event-loop twin serves: they demonstrate blocking inside a loop.</summary>
    public bool IsAsgiOnly => Kind is RouteKind.Blocking or RouteKind.Offload;
}
