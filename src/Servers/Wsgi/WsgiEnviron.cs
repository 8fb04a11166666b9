using System.Net;
using System.Text;
using Bench.Servers.Http;

namespace Bench.Servers.Wsgi;

/// <summary>Builds the PEP 3333 <c>environ</c> for one request (docs/GATEWAYS.md §1.2).</summary>
internal static class WsgiEnviron
{
    public static Dictionary<string, object?> Build(RequestHead request, BlockingConnection connection, WsgiInput input,
        WsgiOptions options, string serverName)
    {
        var local = connection.Socket.LocalEndPoint as IPEndPoint;
        var remote = connection.Socket.RemoteEndPoint as IPEndPoint;
        var environ = new Dictionary<string, object?>(32)
        {
            ["REQUEST_METHOD"] = request.Method,
            ["SCRIPT_NAME"] = "",
            ["PATH_INFO"] = PercentDecodeLatin1(request.RawPath),
            ["QUERY_STRING"] = request.Query,
            ["RAW_URI"] = request.RawTarget,
            ["SERVER_NAME"] = local?.Address.ToString() ?? options.Host,
            ["SERVER_PORT"] = (local?.Port ?? options.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SERVER_PROTOCOL"] = "HTTP/" + request.HttpVersion,
            ["SERVER_SOFTWARE"] = serverName,
            ["REMOTE_ADDR"] = remote?.Address.ToString(),
            ["REMOTE_PORT"] = remote?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["wsgi.version"] = (1, 0),
            ["wsgi.url_scheme"] = "http",
            ["wsgi.input"] = input,
            ["wsgi.input_terminated"] = true,
            ["wsgi.errors"] = Console.Error,
            ["wsgi.multithread"] = options.Mode == WsgiMode.Gthread && options.Threads > 1,
            // Workers are thread groups of one process here, not forked processes.
            ["wsgi.multiprocess"] = false,
            ["wsgi.run_once"] = false,
        };
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) { environ["CONTENT_TYPE"] = value; continue; }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) { environ["CONTENT_LENGTH"] = value; continue; }
            // gunicorn's header_map=drop: names with '_' would be ambiguous once '-' becomes '_'.
            if (name.Contains('_')) continue;
            var key = "HTTP_" + name.ToUpperInvariant().Replace('-', '_');
            environ[key] = environ.TryGetValue(key, out var existing) ? existing + "," + value : value;
        }
        return environ;
    }

    /// <summary>PATH_INFO is the percent-decoded path as a Latin-1 "native string" of the raw bytes (PEP 3333 §"Unicode Issues").</summary>
    private static string PercentDecodeLatin1(string raw)
    {
        if (!raw.Contains('%')) return raw;
        var bytes = new List<byte>(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)raw[i]);
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }
}
