using System.Text;

namespace Bench.Load.Clients;

/// <summary>Builds a request's bytes once per run; the hot path only copies them to the socket.</summary>
public static class RequestEncoder
{
    public static byte[] Encode(HttpRequestSpec spec, string hostHeader)
    {
        var sb = new StringBuilder();
        sb.Append(spec.Method).Append(' ').Append(spec.Path).Append(" HTTP/1.1\r\n");
        bool hasHost = spec.Headers.Any(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase));
        if (!hasHost) sb.Append("Host: ").Append(hostHeader).Append("\r\n");
        foreach (var (name, value) in spec.Headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        bool hasLength = spec.Headers.Any(h => h.Key.Equals("content-length", StringComparison.OrdinalIgnoreCase));
        if (spec.Body is { } body && !hasLength) sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        sb.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(sb.ToString());
        return spec.Body is null ? head : [.. head, .. spec.Body];
    }
}
