using System.Buffers;
using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Servers.Wsgi;

/// <summary>
/// Serves the requests of one connection on the calling thread: head, environ, app, response, and
/// keep-alive. The thread is held from the first byte of a request to the last byte of its response.
/// </summary>
internal sealed class WsgiRequestHandler(WsgiApp app, WsgiOptions options, ServerStats stats, Gil gil, Func<bool> shuttingDown)
{
    private static readonly byte[] ServerName = "bench-wsgi"u8.ToArray();
    private const string ServerSoftware = "bench-wsgi";

    /// <summary>Serves requests until the connection should go back to the poller (true) or be closed (false).</summary>
    public bool Serve(BlockingConnection connection, ArrayBufferWriter<byte> output)
    {
        do
        {
            RequestHead? head;
            try
            {
                head = connection.ReadHead();
            }
            catch (RequestRejected error)
            {
                SendError(connection, error.Status, error.Message);
                return false;
            }
            if (head is null) return false;
            bool keepAlive = ServeOne(connection, head, output);
            if (!keepAlive || connection.Hijacked) return false;
        }
        // Pipelined requests already buffered are served now; otherwise the connection waits in the poller.
        while (!connection.Input.IsEmpty);
        return true;
    }

    private bool ServeOne(BlockingConnection connection, RequestHead head, ArrayBufferWriter<byte> output)
    {
        stats.RequestStarted();
        bool keepAllowed = options.Mode == WsgiMode.Gthread && !shuttingDown();
        var response = new WsgiResponse(connection, head, gil, output, keepAllowed);
        var input = new WsgiInput(connection.ReadBody);
        var environ = WsgiEnviron.Build(head, connection, input, options, ServerSoftware);
        if (options.WebSockets == WsgiWebSocketMode.Hijack) environ["bench.hijack"] = new WsgiHijack(connection);
        gil.Acquire();
        try
        {
            var result = app(environ, response.StartResponse);
            var chunks = result.GetEnumerator();
            try
            {
                if (result is IReadOnlyCollection<byte[]> { Count: <= 1 } fixedBody) response.HintLength(fixedBody.Sum(c => (long)c.Length));
                while (chunks.MoveNext())
                {
                    if (connection.Hijacked) break;
                    response.SendChunk(chunks.Current);
                }
                if (connection.Hijacked) return false;
                response.Finish();
            }
            finally
            {
                // PEP 3333 close(): runs on success, on app errors and on client disconnects alike.
                chunks.Dispose();
            }
            if (!response.KeepAlive) return false;
            if (!connection.BodyComplete)
            {
                if (!connection.MayDrainBody) return false;
                connection.DrainBody();
            }
            return true;
        }
        catch (ClientDisconnected)
        {
            return false;
        }
        catch (RequestRejected error)
        {
            if (!response.HeadersSent) SendError(connection, error.Status, error.Message);
            return false;
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"bench-wsgi: application error on {head.Method} {head.RawTarget}: {error.GetType().Name}: {error.Message}");
            // Before the head is sent the client gets a 500; after it, only a closed connection (gunicorn does the same).
            if (!response.HeadersSent) SendError(connection, 500, "Internal Server Error");
            return false;
        }
        finally
        {
            gil.Release();
            stats.RequestEnded();
        }
    }

    private static void SendError(BlockingConnection connection, int status, string message)
    {
        try { connection.Send(ErrorResponse.Build(status, message, ServerName)); }
        catch (ClientDisconnected) { }
    }
}
