using System.Text.Json;

namespace Bench.Suites.Sampling;

/// <summary>
/// Reads a target's /stats on its own short-lived connection, with a short timeout: a saturated
/// server answering late must cost a missing figure, not a late sample.
/// </summary>
public sealed class StatsProbe(Uri statsUrl) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromMilliseconds(800),
    };

    public async Task<StatsSample?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(statsUrl, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return Parse(doc.RootElement);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or OperationCanceledException)
        {
            return null;
        }
    }

    public static StatsSample Parse(JsonElement e)
    {
        long Get(string name) => e.TryGetProperty(name, out var v) && v.TryGetInt64(out long n) ? n : 0;
        return new StatsSample(Get("open_connections"), Get("active_requests"), Get("open_websockets"), Get("open_sse_streams"),
            Get("busy_threads"), Get("idle_threads"), Get("total_requests"));
    }

    public void Dispose() => _client.Dispose();
}
