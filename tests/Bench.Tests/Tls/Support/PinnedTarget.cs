using System.Text.Json;
using Bench.Suites;

namespace Bench.Tests.Tls.Support;

/// <summary>Clients of a <c>kestrel --https</c> target that trust its self-signed certificate by the fingerprint it printed.</summary>
internal static class PinnedTarget
{
    public static SocketsHttpHandler Handler(TargetProcess server)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            TargetTrust.Accepts(certificate, errors, server.CertificateFingerprint, null);
        return handler;
    }

    /// <summary>The target's /stats total_requests (this request included).</summary>
    public static async Task<long> TotalRequestsAsync(TargetProcess server)
    {
        using var client = new HttpClient(Handler(server));
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri(server.BaseUrl, "/stats")));
        return json.RootElement.GetProperty("total_requests").GetInt64();
    }
}
