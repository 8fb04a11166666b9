namespace Bench.Servers.Wsgi;

/// <summary>PEP 3333 <c>write(data)</c>: the imperative output path, sent before <c>start_response</c> returns control.</summary>
public delegate void WsgiWrite(byte[] data);

/// <summary>
/// PEP 3333 <c>start_response(status, response_headers, exc_info=None)</c>. Validates at call time and
/// stores the head; the head goes out with the first non-empty body chunk.
/// </summary>
public delegate WsgiWrite StartResponse(string status, IReadOnlyList<(string Name, string Value)> headers, Exception? excInfo = null);

/// <summary>
/// PEP 3333 application: <c>environ, start_response -&gt; iterable of byte strings</c>. The returned
/// enumerator is disposed on every exit (PEP 3333 <c>close()</c>), so a C# iterator's finally runs even
/// when the client disconnects.
/// </summary>
public delegate IEnumerable<byte[]> WsgiApp(Dictionary<string, object?> environ, StartResponse startResponse);

/// <summary>Raised out of a WSGI callable when the app breaks the protocol (bad status, hop-by-hop header, …).</summary>
public sealed class WsgiProtocolError(string message) : Exception(message);
