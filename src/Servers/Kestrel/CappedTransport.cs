using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Bench.Servers.Kestrel;

/// <summary>
/// Kestrel's own socket transport, asked for the next connection only while <see cref="ConnectionCap"/>
/// has room. The connection middleware in <see cref="KestrelServer"/> hands the place back when the
/// connection ends.
/// </summary>
internal sealed class CappedTransport(IConnectionListenerFactory inner, ConnectionCap cap) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new Listener(await inner.BindAsync(endpoint, cancellationToken).ConfigureAwait(false), cap);

    private sealed class Listener(IConnectionListener inner, ConnectionCap cap) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                await cap.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            var connection = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
            if (connection is not null) cap.Taken();
            return connection;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
