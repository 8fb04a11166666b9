using System.Buffers;
using System.Net.Sockets;
using Bench.Servers.Hosting;

namespace Bench.Servers.Wsgi;

/// <summary>
/// gunicorn's sync worker: one thread that accepts a connection, serves exactly one request with
/// <c>Connection: close</c>, and accepts the next. Concurrency is the number of workers.
/// </summary>
internal sealed class SyncWorker(int index, Socket listener, WsgiOptions options, WsgiRequestHandler handler, ServerStats stats, AcceptBackoff backoff)
{
    private volatile bool _stopping;
    private volatile BlockingConnection? _current;

    public Thread Start()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = $"wsgi-sync-{index}" };
        thread.Start();
        return thread;
    }

    public void BeginStop() => _stopping = true;

    public void CloseAll() => _current?.Dispose();

    private void Run()
    {
        var output = new ArrayBufferWriter<byte>(16 * 1024);
        var delay = TimeSpan.Zero;
        while (!_stopping)
        {
            if (!backoff.MayAccept())
            {
                // Descriptors are still short: leave the clients in the backlog a while longer.
                delay = AcceptBackoff.Next(delay);
                Thread.Sleep(delay);
                continue;
            }
            Socket socket;
            try { socket = listener.Accept(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping) return;
                if (AcceptBackoff.IsExhaustion(e))
                {
                    delay = backoff.Failed((SocketException)e, delay);
                    Thread.Sleep(delay);
                }
                continue;
            }
            delay = TimeSpan.Zero;
            backoff.Accepted();
            using var connection = new BlockingConnection(socket, options.Limits);
            _current = connection;
            stats.ConnectionOpened();
            stats.ThreadBusy();
            try { handler.Serve(connection, output); }
            catch (Exception e) { Console.Error.WriteLine($"bench-wsgi: connection error: {e.GetType().Name}: {e.Message}"); }
            finally
            {
                stats.ThreadIdle();
                stats.ConnectionClosed();
                _current = null;
            }
        }
    }
}
