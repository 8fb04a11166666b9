using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using Bench.Load.Clients;
using Bench.Load.Vocabulary;

namespace Bench.Load.Code;

/// <summary>
/// Runs one operation of a code scenario's WebSocket or SSE client under the run's timeout and
/// the VU's abort, and turns every failure into a <see cref="RequestFailedException"/> with the
/// engine's error kind. A timer per operation is fine here: these clients carry a scenario's own
/// logic, not the CLI's hot loop.
/// </summary>
internal static class StreamGuard
{
    public static async ValueTask<T> RunAsync<T>(string what, TimeSpan timeout, ScenarioContext context, Func<CancellationToken, ValueTask<T>> operation, bool connecting = false)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        limit.CancelAfter(timeout);
        try
        {
            return await operation(limit.Token).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or WebSocketException or HttpRequestException or InvalidDataException or OperationCanceledException)
        {
            var kind = context.Aborted ? ErrorKind.Interrupted
                : limit.IsCancellationRequested ? (connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout)
                : Classify(ex, connecting);
            throw new RequestFailedException(what, kind, 0);
        }
    }

    public static ValueTask RunAsync(string what, TimeSpan timeout, ScenarioContext context, Func<CancellationToken, ValueTask> operation) =>
        new(RunAsync(what, timeout, context, async token =>
        {
            await operation(token).ConfigureAwait(false);
            return 0;
        }).AsTask());

    /// <summary>The socket error underneath, as the CLI classifies it; a peer that broke the protocol is a protocol error.</summary>
    private static ErrorKind Classify(Exception ex, bool connecting)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is SocketException s) return SocketErrors.Classify(s.SocketErrorCode, connecting);
        return ex switch
        {
            WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely } => ErrorKind.Reset,
            WebSocketException or InvalidDataException => ErrorKind.Protocol,
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded } => ErrorKind.Protocol,
            IOException => ErrorKind.Reset,
            _ => ErrorKind.Other,
        };
    }
}
