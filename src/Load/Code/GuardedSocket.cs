using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Scenarios.Net;

namespace Bench.Load.Code;

/// <summary>
/// The socket under a code scenario's WebSocket or SSE client: every operation runs under the
/// run's timeout and the VU's abort, either of which closes the socket to end a pending wait,
/// and every failure becomes a <see cref="RequestFailedException"/> with the engine's error kind.
/// A timer per operation is fine here: these clients carry a scenario's own logic, not the
/// CLI's hot loop.
/// </summary>
internal sealed class GuardedSocket : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly ScenarioContext _context;
    private readonly string _what;

    private GuardedSocket(Socket socket, TimeSpan timeout, ScenarioContext context, string what)
    {
        Socket = socket;
        _timeout = timeout;
        _context = context;
        _what = what;
    }

    public Socket Socket { get; }

    public static async ValueTask<GuardedSocket> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout, ScenarioContext context, string what)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var guarded = new GuardedSocket(socket, timeout, context, what);
        try
        {
            await guarded.RunAsync(s => s.ConnectAsync(endpoint, CancellationToken.None), connecting: true).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return guarded;
    }

    public async ValueTask RunAsync(Func<Socket, ValueTask> operation, bool connecting = false) =>
        await RunAsync(async s =>
        {
            await operation(s).ConfigureAwait(false);
            return 0;
        }, connecting).ConfigureAwait(false);

    public async ValueTask<T> RunAsync<T>(Func<Socket, ValueTask<T>> operation, bool connecting = false)
    {
        using var timer = new CancellationTokenSource(_timeout);
        await using var onTimeout = timer.Token.Register(static s => ((Socket)s!).Dispose(), Socket).ConfigureAwait(false);
        await using var onAbort = _context.Cancellation.Register(static s => ((Socket)s!).Dispose(), Socket).ConfigureAwait(false);
        try
        {
            return await operation(Socket).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or WebSocketException or InvalidDataException or OperationCanceledException)
        {
            var kind = timer.IsCancellationRequested ? (connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout)
                : _context.Aborted ? ErrorKind.Interrupted
                : Connector.Classify(ex is WebSocketException { InnerException: { } inner } ? inner : ex, connecting);
            throw new RequestFailedException(_what, kind, 0);
        }
    }

    public void Dispose() => Socket.Dispose();
}
