using Bench.Load.Vocabulary;
using System.Net;
using System.Net.Sockets;
using Bench.Load.Clients;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// Where a long-lived scenario's sessions connect: the endpoint (resolved once), the loopback
/// source addresses handed out round-robin, and the transports (the process's event loops).
/// Failures map onto Bench's error taxonomy, descriptor and port exhaustion counted apart
/// because their cures differ (ulimit -n vs --source-addresses).
/// </summary>
public sealed class SessionTarget(IPEndPoint endpoint, SourceAddresses sources, ITransportFactory transports) : IDisposable
{
    public IPEndPoint Endpoint => endpoint;

    public SourceAddresses Sources => sources;

    public ITransportFactory Transports => transports;

    /// <summary>The spec's target; https:// and wss:// wrap the transports in TLS (<see cref="Clients.Tls.TlsTransport"/>).</summary>
    public static SessionTarget For(StreamOptions spec)
    {
        ITransportFactory transports = Clients.Transport.Transports.Default();
        if (spec.IsTls) transports = new Clients.Tls.TlsTransport.Factory(transports, spec.Tls, spec.Url.IdnHost);
        return new(ScenarioFactory.Resolve(spec.Url), spec.SourceAddresses, transports);
    }

    public static ErrorKind Classify(Exception ex, bool connecting) => ex switch
    {
        StreamEndedException => ErrorKind.EndedEarly,
        Clients.Tls.TlsHandshakeException t => t.Kind,
        SocketException s => SocketErrors.Classify(s.SocketErrorCode, connecting),
        IOException { InnerException: SocketException s } => SocketErrors.Classify(s.SocketErrorCode, connecting),
        IOException => ErrorKind.Reset,
        InvalidDataException => ErrorKind.Protocol,
        _ => ErrorKind.Other,
    };

    /// <summary>Counts descriptor and port exhaustion under the shared counter names.</summary>
    public static void CountExhaustion(Exception ex, StreamMetrics metrics, int descriptorsCounter, int portsCounter)
    {
        var code = ex switch
        {
            SocketException s => s.SocketErrorCode,
            IOException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => SocketError.Success,
        };
        if (code is SocketError.TooManyOpenSockets) metrics.Count(descriptorsCounter);
        else if (code is SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse) metrics.Count(portsCounter);
    }

    public void Dispose() => transports.Dispose();
}

/// <summary>The server closed the connection (FIN, not RST) before the body's end: the stream ended early.</summary>
public sealed class StreamEndedException(string message) : IOException(message);
