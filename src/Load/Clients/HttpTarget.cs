using System.Net;

namespace Bench.Load.Clients;

/// <summary>
/// Where and what an HTTP scenario sends: a base URL (scheme http or https, host, port) and a weighted
/// mix of requests. With no requests given, it sends GET to the URL's own path and query.
/// </summary>
public sealed record HttpTarget
{
    public required Uri Url { get; init; }

    public IReadOnlyList<HttpRequestSpec> Requests { get; init; } = [];

    /// <summary>TLS options for an https:// URL (trust, SNI, client certificate, resumption).</summary>
    public Tls.TlsSettings Tls { get; init; } = new();

    public bool IsTls => Url.IsAbsoluteUri && Url.Scheme == Uri.UriSchemeHttps;

    public IReadOnlyList<HttpRequestSpec> EffectiveRequests =>
        Requests.Count > 0 ? Requests : [new HttpRequestSpec { Path = Url.PathAndQuery }];

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https"))
            problems.Add($"url: scheme must be http:// or https:// (got '{(Url.IsAbsoluteUri ? Url.Scheme : Url.OriginalString)}')");
        var requests = EffectiveRequests;
        for (int i = 0; i < requests.Count; i++) problems.AddRange(requests[i].Validate(i));
        return problems;
    }

    /// <summary>Resolves the host once per run, so DNS never sits on the hot path; IPv4 first.</summary>
    public IPEndPoint ResolveEndpoint()
    {
        if (IPAddress.TryParse(Url.Host.Trim('[', ']'), out var ip)) return new IPEndPoint(ip, Url.Port);
        var addresses = Dns.GetHostAddresses(Url.DnsSafeHost);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"url: host '{Url.Host}' has no address");
        return new IPEndPoint(chosen, Url.Port);
    }

    public string HostHeader => Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}";
}
