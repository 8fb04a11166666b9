using System.Text;
using Bench.Load.Clients;
using Bench.Load.Engine;
using Bench.Load.Vocabulary;
using Bench.Load.Metrics;

namespace Bench.Load.Code;

/// <summary>
/// One virtual user's keep-alive HTTP/1.1 connection to the scenario's base URL, on the same
/// fast transport the CLI uses (epoll where available). Requests run one at a time, as on any
/// HTTP/1.1 connection; a VU that needs parallel requests runs more VUs.
/// </summary>
public sealed class VuHttpClient
{
    private readonly HttpConnection _connection;
    private readonly string _hostHeader;
    private readonly IterationTally _tally;

    internal VuHttpClient(HttpConnection connection, string hostHeader, IterationTally tally)
    {
        _connection = connection;
        _hostHeader = hostHeader;
        _tally = tally;
    }

    public ValueTask<HttpReply> GetAsync(string path) => SendAsync(PreparedRequest.Get(path));

    public ValueTask<HttpReply> PostAsync(string path, byte[] body, string contentType = "application/octet-stream") =>
        SendAsync(PreparedRequest.Post(path, body, contentType));

    public ValueTask<HttpReply> PostAsync(string path, string body, string contentType = "text/plain; charset=utf-8") =>
        SendAsync(PreparedRequest.Post(path, Encoding.UTF8.GetBytes(body), contentType));

    /// <summary>
    /// Sends the request and reads the whole response. Throws <see cref="RequestFailedException"/>
    /// when no complete response came or its status is 4xx/5xx; the connection reconnects on the next request.
    /// </summary>
    public async ValueTask<HttpReply> SendAsync(PreparedRequest request)
    {
        var outcome = await _connection.ExecuteAsync(request.Encode(_hostHeader), request.IsHead).ConfigureAwait(false);
        _tally.Add(outcome);
        if (!outcome.Ok) throw new RequestFailedException(request.ToString(), outcome.Error, outcome.Status);
        return new HttpReply(outcome.Status, outcome.BytesRead, Clock.ToTimeSpan(outcome.EndTimestamp - outcome.StartTimestamp));
    }

    internal ValueTask<bool> DelayUntilAsync(long timestamp) => _connection.DelayUntilAsync(timestamp);

    internal void Abort() => _connection.Abort();

    internal void Dispose() => _connection.Dispose();
}

/// <summary>
/// What one iteration's requests added up to: bytes and connect time go into the iteration's
/// outcome, each response's status into the run's status table (a code iteration makes several).
/// </summary>
internal sealed class IterationTally(RunMetrics metrics)
{
    public long BytesRead;
    public long BytesWritten;
    public long ConnectTicks;

    public void Reset() => BytesRead = BytesWritten = ConnectTicks = 0;

    public void Add(in IterationOutcome outcome)
    {
        BytesRead += outcome.BytesRead;
        BytesWritten += outcome.BytesWritten;
        ConnectTicks += outcome.ConnectTicks;
        if (metrics.Steps.Recording) metrics.Counters.CountStatus(outcome.Status);
    }

    /// <summary>A status outside <see cref="Add"/>: a WebSocket upgrade's 101, an SSE subscription's 200.</summary>
    public void CountStatus(int status)
    {
        if (metrics.Steps.Recording) metrics.Counters.CountStatus(status);
    }

    public void AddBytes(long read, long written)
    {
        BytesRead += read;
        BytesWritten += written;
    }
}
