using System.Net.Http;
using System.Net.ServerSentEvents;
using Bench.Load.Vocabulary;

namespace Bench.Load.Code;

/// <summary>
/// A server-sent events subscription opened by a code scenario: GET with
/// <c>Accept: text/event-stream</c> on the scenario's shared handler, then events one at a time
/// through .NET's <see cref="SseParser"/>. Each read waits at most the run's timeout; failures
/// throw <see cref="RequestFailedException"/>. Bytes are counted as event data.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly IAsyncEnumerator<SseItem<string>> _events;
    private readonly ScenarioContext _context;
    private readonly TimeSpan _timeout;
    private readonly string _what;

    private SseClient(HttpResponseMessage response, Stream body, ScenarioContext context, TimeSpan timeout, string what)
    {
        _response = response;
        _body = body;
        _context = context;
        _timeout = timeout;
        _what = what;
        _events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();
    }

    internal static async ValueTask<SseClient> OpenAsync(Uri url, HttpMessageInvoker handler, long? lastEventId, TimeSpan timeout, ScenarioContext context)
    {
        string what = $"SSE {url.PathAndQuery}";
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } id) request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var (response, body) = await StreamGuard.RunAsync(what, timeout, context, async token =>
        {
            // SocketsHttpHandler returns once the head has arrived; the body is read event by event.
            var response = await handler.SendAsync(request, token).ConfigureAwait(false);
            context.Tally.CountStatus((int)response.StatusCode);
            if ((int)response.StatusCode != 200)
            {
                response.Dispose();
                throw new RequestFailedException(what, ErrorKind.HttpStatus, (int)response.StatusCode);
            }
            return (response, await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false));
        }, connecting: true).ConfigureAwait(false);
        return new SseClient(response, body, context, timeout, what);
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public ValueTask<SseItem<string>?> ReadAsync() => StreamGuard.RunAsync<SseItem<string>?>(_what, _timeout, _context, async token =>
    {
        // The parser's enumerator takes no token: the guard's cancellation closes the body instead.
        await using var onCancel = token.Register(static b => ((Stream)b!).Dispose(), _body).ConfigureAwait(false);
        if (!await _events.MoveNextAsync().ConfigureAwait(false)) return null;
        var item = _events.Current;
        _context.Tally.AddBytes(item.Data.Length, 0);
        return item;
    });

    public async ValueTask DisposeAsync()
    {
        _context.Untrack(this);
        _response.Dispose();
        try
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException)
        {
            // The response is closed already: nothing left to release but the parser's buffer.
        }
    }
}
