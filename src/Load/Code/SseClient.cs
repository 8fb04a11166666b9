using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Scenarios.Net;

namespace Bench.Load.Code;

/// <summary>
/// A server-sent events subscription opened by a code scenario: GET with
/// <c>Accept: text/event-stream</c>, then events one at a time through .NET's SseParser. Each
/// read waits at most the run's timeout; failures throw <see cref="RequestFailedException"/>.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly GuardedSocket _socket;
    private readonly SocketStream _body;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly ScenarioContext _context;

    private SseClient(GuardedSocket socket, SocketStream body, ScenarioContext context)
    {
        _socket = socket;
        _body = body;
        _context = context;
        _events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
    }

    internal static async ValueTask<SseClient> OpenAsync(IPEndPoint endpoint, string hostHeader, string path, long? lastEventId, TimeSpan timeout, ScenarioContext context)
    {
        string what = $"SSE {path}";
        var socket = await GuardedSocket.ConnectAsync(endpoint, timeout, context, what).ConfigureAwait(false);
        try
        {
            var request = Encoding.ASCII.GetBytes(
                $"GET {path} HTTP/1.1\r\nHost: {hostHeader}\r\nAccept: text/event-stream\r\n" +
                (lastEventId is { } id ? $"Last-Event-ID: {id}\r\n" : "") + "\r\n");
            var head = await socket.RunAsync(async s =>
            {
                for (int sent = 0; sent < request.Length;) sent += await s.SendAsync(request.AsMemory(sent), System.Net.Sockets.SocketFlags.None).ConfigureAwait(false);
                return await HeadReader.ReadAsync(s).ConfigureAwait(false);
            }).ConfigureAwait(false);
            context.Tally.CountStatus(head.Head.Status);
            context.Tally.AddBytes(0, request.Length);
            var body = SocketStream.ForBody(socket.Socket, head);
            if (head.Head.Status != 200)
            {
                body.Dispose();
                throw new RequestFailedException(what, ErrorKind.HttpStatus, head.Head.Status);
            }
            return new SseClient(socket, body, context);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public ValueTask<SseItem<string>?> ReadAsync() => _socket.RunAsync<SseItem<string>?>(async _ =>
    {
        long before = _body.BytesRead;
        bool more = await _events.MoveNextAsync().ConfigureAwait(false);
        _context.Tally.AddBytes(_body.BytesRead - before, 0);
        return more ? _events.Current : null;
    });

    public async ValueTask DisposeAsync()
    {
        _context.Untrack(this);
        _socket.Dispose();
        try
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The socket is closed already: nothing left to release but the parser's buffer.
        }
        await _body.DisposeAsync().ConfigureAwait(false);
    }
}
