using Bench.Load.Vocabulary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Bench.Load.Clients.Tls;
using Bench.Load.Clients.Transport;
using Bench.Load.Engine;
using Bench.Load.Metrics;

namespace Bench.Load.Clients;

/// <summary>
/// One keep-alive HTTP/1.1 connection, owned by one VU. A lean client rather than
/// SocketsHttpHandler: measured on this machine (nginx on CPU 0, client on CPU 1, 50
/// connections) HttpClient reached 20k req/s at 95% CPU, a bare Socket loop 70k, wrk 83k.
/// The hot path sends pre-encoded bytes, parses the response in place and allocates nothing;
/// the bytes move through an <see cref="ITransport"/> (epoll or Socket).
/// </summary>
public sealed class HttpConnection : IDisposable
{
    private const int InitialBuffer = 4 * 1024;

    private readonly IPEndPoint _endpoint;
    private readonly long _timeoutTicks;
    private readonly ITransport _transport;
    private byte[]? _buffer;
    private volatile bool _aborted;
    private ResponseParser _parser;

    public HttpConnection(IPEndPoint endpoint, TimeSpan timeout, ITransport transport)
    {
        _endpoint = endpoint;
        _transport = transport;
        _timeoutTicks = Clock.FromTimeSpan(timeout);
    }

    public bool IsConnected => _transport.IsOpen;

    /// <summary>Sends one request and reads its response; every failure becomes an outcome, never an exception.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IterationOutcome> ExecuteAsync(byte[] request, bool headRequest)
    {
        long start = Clock.Now;
        long connectTicks = 0, firstByte = 0, read = 0, written = 0;
        int status = 0;
        bool connecting = false;
        var error = ErrorKind.None;
        try
        {
            var transport = _transport;
            if (!transport.IsOpen)
            {
                connecting = true;
                transport.ResetDeadline();
                transport.Arm(_timeoutTicks);
                await transport.ConnectAsync(_endpoint).ConfigureAwait(false);
                connectTicks = Math.Max(1, Clock.Now - start);
                connecting = false;
                if (!transport.Disarm()) return Done(ErrorKind.ConnectTimeout);
            }
            _buffer ??= new byte[InitialBuffer];
            transport.Arm(_timeoutTicks);

            while (written < request.Length)
                written += await transport.SendAsync(request.AsMemory((int)written)).ConfigureAwait(false);

            _parser.Reset(headRequest);
            int filled = 0;
            while (true)
            {
                if (filled == _buffer.Length && !GrowBuffer()) return Done(ErrorKind.Protocol);
                int n = await transport.ReceiveAsync(_buffer.AsMemory(filled)).ConfigureAwait(false);
                if (n == 0)
                {
                    // The peer closed: complete only if the body ran to the close; otherwise it hung up mid-response.
                    if (_parser.Finish() != ParseStatus.Complete) return Done(ErrorKind.Reset);
                    break;
                }
                if (firstByte == 0) firstByte = Clock.Now;
                read += n;
                filled += n;
                var parsed = _parser.Parse(_buffer.AsSpan(0, filled), out int consumed);
                if (parsed == ParseStatus.Error) return Done(ErrorKind.Protocol);
                if (parsed == ParseStatus.Complete)
                {
                    // Bytes after the response were never asked for (no pipelining): the stream is out of step.
                    if (consumed != filled) return Done(ErrorKind.Protocol);
                    break;
                }
                if (consumed > 0)
                {
                    _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
                    filled -= consumed;
                }
            }

            if (!transport.Disarm()) return Done(ErrorKind.Timeout);
            status = _parser.StatusCode;
            if (!_parser.KeepAlive) Close();
            return Done(status >= 400 ? ErrorKind.HttpStatus : ErrorKind.None);
        }
        catch (SocketException ex)
        {
            return Done(SocketErrors.Classify(ex.SocketErrorCode, connecting));
        }
        catch (TlsHandshakeException ex)
        {
            return Done(ex.Kind);
        }
        catch (IOException ex)
        {
            // TLS wraps the socket's failure; an IOException of its own is a broken record stream (a reset mid-record).
            return Done(ex.InnerException is SocketException s ? SocketErrors.Classify(s.SocketErrorCode, connecting) : ErrorKind.Reset);
        }
        catch (ObjectDisposedException)
        {
            return Done(ErrorKind.Other);
        }

        IterationOutcome Done(ErrorKind kind)
        {
            // An EOF or error may be our own doing: the watchdog or Abort shut the connection.
            if (kind is not (ErrorKind.None or ErrorKind.HttpStatus or ErrorKind.ConnectTimeout or ErrorKind.Timeout) && !ErrorKinds.IsTls(kind)) kind = FailureKind(kind, connecting);
            error = kind;
            if (kind is not (ErrorKind.None or ErrorKind.HttpStatus)) Close();
            _transport.Disarm();
            return new IterationOutcome(start, firstByte, Clock.Now, connectTicks, status, error, read, written);
        }
    }

    /// <summary>A failed operation may have been caused by us closing the socket: the watchdog (timeout) or Abort (interrupted).</summary>
    private ErrorKind FailureKind(ErrorKind fromSocket, bool connecting)
    {
        if (_transport.TimedOut) return connecting ? ErrorKind.ConnectTimeout : ErrorKind.Timeout;
        if (_aborted) return ErrorKind.Interrupted;
        return fromSocket;
    }

    private bool GrowBuffer()
    {
        // The parser refuses a head over its limit; a buffer that big never fills without an answer.
        if (_buffer!.Length >= ResponseParser.MaxHead) return false;
        Array.Resize(ref _buffer, _buffer.Length * 2);
        return true;
    }

    public ValueTask<bool> DelayUntilAsync(long timestamp) => _transport.DelayUntilAsync(timestamp, wakeable: false);

    /// <summary>Closes the connection from any thread; an in-flight request ends as interrupted.</summary>
    public void Abort()
    {
        _aborted = true;
        _transport.Shutdown();
    }

    private void Close() => _transport.Close();

    public void Dispose() => _transport.Dispose();
}
