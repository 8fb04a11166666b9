using System.Net;
using System.Text;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>Builds connection scopes with the keys of the ASGI HTTP and WebSocket spec (docs/GATEWAYS.md §2.2, §2.4).</summary>
public static class AsgiScope
{
    public static Dictionary<string, object?> Http(RequestHead request, IPEndPoint? client, IPEndPoint? server, Dictionary<string, object?> state) =>
        Build("http", "2.3", request, Pair(client), Pair(server), state);

    internal static Dictionary<string, object?> Http(RequestHead request, AsyncConnection connection, Dictionary<string, object?> state) =>
        Build("http", "2.3", request, connection.Client, connection.Server, state);

    internal static Dictionary<string, object?> WebSocket(RequestHead request, AsyncConnection connection, Dictionary<string, object?> state)
    {
        var scope = Build("websocket", "2.4", request, connection.Client, connection.Server, state);
        scope["scheme"] = "ws";
        var protocols = request.Header("Sec-WebSocket-Protocol");
        scope["subprotocols"] = protocols is null ? new List<string>() : protocols.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        return scope;
    }

    private static object[]? Pair(IPEndPoint? endPoint) => endPoint is null ? null : [endPoint.Address.ToString(), endPoint.Port];

    private static Dictionary<string, object?> Build(string type, string specVersion, RequestHead request, object[]? client, object[]? server,
        Dictionary<string, object?> state)
    {
        var headers = new List<(byte[] Name, byte[] Value)>(request.Headers.Count);
        foreach (var (name, value) in request.Headers)
        {
            var lower = Encoding.ASCII.GetBytes(name);
            Ascii.ToLowerInPlace(lower, out _);
            headers.Add((lower, Encoding.Latin1.GetBytes(value)));
        }
        return new Dictionary<string, object?>(16)
        {
            ["type"] = type,
            ["asgi"] = new Dictionary<string, object?> { ["version"] = AsgiMessages.Version, ["spec_version"] = specVersion },
            ["http_version"] = request.HttpVersion,
            ["method"] = request.Method,
            ["scheme"] = "http",
            ["path"] = request.DecodedPath,
            ["raw_path"] = Encoding.Latin1.GetBytes(request.RawPath),
            ["query_string"] = Encoding.Latin1.GetBytes(request.Query),
            ["root_path"] = "",
            ["headers"] = headers,
            ["client"] = client,
            ["server"] = server,
            // Each connection gets a shallow copy of the lifespan state (ASGI lifespan spec).
            ["state"] = new Dictionary<string, object?>(state),
        };
    }
}
