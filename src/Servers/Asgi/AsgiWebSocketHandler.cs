using Bench.Servers.Hosting;
using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>Runs the app for an upgrade request on the connection's loop, with a <c>websocket</c> scope.</summary>
internal sealed class AsgiWebSocketHandler(AsgiApp app, AsgiOptions options, ServerStats stats, AsgiWorkerContext worker) : IWebSocketHandler
{
    private static readonly byte[] ServerName = "bench-asgi"u8.ToArray();

    /// <remarks>One async method for the socket's whole life (a second one awaiting it would be kept too).</remarks>
    public async Task RunAsync(AsyncConnection connection, RequestHead head)
    {
        try
        {
            string key;
            try { key = WebSocketHandshake.Validate(head); }
            catch (RequestRejected error)
            {
                await connection.SendAsync(ErrorResponse.Build(error.Status, error.Message, ServerName, lowercase: true));
                return;
            }
            var session = new AsgiWebSocketSession(connection, key, options, stats);
            var scope = AsgiScope.WebSocket(head, connection, worker.State);
            string target = head.RawTarget;
            head = null!;   // held for the socket's whole life otherwise; the scope has what the app needs
            worker.TrackWebSocket(session);
            bool failed = false;
            try
            {
                await app(scope, session.Receive, session.Send);
            }
            catch (AsgiClientDisconnected) { }
            catch (Exception e)
            {
                failed = true;
                Console.Error.WriteLine($"bench-asgi: exception in ASGI application on websocket {target}: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                worker.UntrackWebSocket(session);
                await session.FinishAsync(failed);
            }
        }
        catch (Exception e) { Console.Error.WriteLine($"bench-asgi: connection error: {e.GetType().Name}: {e.Message}"); }
        finally { worker.Close(connection); }
    }
}
