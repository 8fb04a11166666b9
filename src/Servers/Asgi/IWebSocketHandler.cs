using Bench.Servers.Http;

namespace Bench.Servers.Asgi;

/// <summary>Takes over a connection whose request is a WebSocket upgrade, serves it, and closes it (<see cref="AsgiWorkerContext.Close"/>).</summary>
internal interface IWebSocketHandler
{
    Task RunAsync(AsyncConnection connection, RequestHead head);
}
