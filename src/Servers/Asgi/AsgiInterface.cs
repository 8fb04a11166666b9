namespace Bench.Servers.Asgi;

/// <summary>ASGI <c>receive()</c>: the next event for the app, as a dict with a spec <c>type</c>.</summary>
public delegate ValueTask<Dictionary<string, object?>> AsgiReceive();

/// <summary>ASGI <c>send(event)</c>: completes once the event is written into the socket buffer (or the connection is gone).</summary>
public delegate ValueTask AsgiSend(Dictionary<string, object?> message);

/// <summary>ASGI 3.0 application: <c>async (scope, receive, send)</c>, called once per connection or lifespan.</summary>
public delegate Task AsgiApp(Dictionary<string, object?> scope, AsgiReceive receive, AsgiSend send);

/// <summary>Raised out of <c>send</c> when the app sends an invalid event (ASGI §Error Handling).</summary>
public sealed class AsgiProtocolError(string message) : Exception(message);

/// <summary>
/// Raised out of <c>send</c> on a WebSocket that is already closed (uvicorn's ClientDisconnected, an
/// OSError). Servers catch it silently when it propagates out of the app.
/// </summary>
public sealed class AsgiClientDisconnected(string message) : IOException(message);

/// <summary>Builders for the event dicts, with the spec's type strings and keys.</summary>
public static class AsgiMessages
{
    public const string Version = "3.0";

    public static Dictionary<string, object?> ResponseStart(int status, IReadOnlyList<(byte[] Name, byte[] Value)> headers) =>
        new() { ["type"] = "http.response.start", ["status"] = status, ["headers"] = headers };

    public static Dictionary<string, object?> ResponseBody(byte[] body, bool moreBody = false) =>
        new() { ["type"] = "http.response.body", ["body"] = body, ["more_body"] = moreBody };

    public static Dictionary<string, object?> Message(string type) => new() { ["type"] = type };

    public static string TypeOf(Dictionary<string, object?> message) =>
        message.TryGetValue("type", out var type) && type is string text ? text : throw new AsgiProtocolError("ASGI event without a string 'type'");

    public static T Get<T>(Dictionary<string, object?> message, string key, T fallback)
    {
        if (!message.TryGetValue(key, out var value) || value is null) return fallback;
        return value is T typed ? typed : throw new AsgiProtocolError($"'{key}' of {TypeOf(message)} has the wrong type ({value.GetType().Name})");
    }
}
