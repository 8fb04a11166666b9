using System.Text;
using Bench.Load.Clients;
using Bench.Load.Engine;

namespace Bench.Suites;

/// <summary>
/// <c>{"kind": "http", "path": "/users/1?wait_ms=50"}</c> or a weighted mix:
/// <c>{"kind": "http", "requests": [{"path": "/hello", "weight": 9}, {"method": "POST", "path": "/upload", "body": "x"}]}</c>.
/// </summary>
public sealed class HttpScenarioReader : IScenarioReader
{
    public string Kind => "http";

    public Func<Uri, IScenario>? Parse(JsonFields fields)
    {
        var requests = new List<HttpRequestSpec>();
        bool hasPath = fields.Has("path");
        bool hasMix = fields.Has("requests");
        if (hasPath && hasMix) fields.Problem("requests", "give either path (one request) or requests (a mix), not both");
        if (!hasPath && !hasMix) fields.Problem("path", "required (or a requests list)");

        if (hasPath || !hasMix)
        {
            var one = ReadRequest(fields);
            if (one is not null) requests.Add(one);
        }
        foreach (var (item, path) in fields.Items("requests") ?? [])
        {
            var f = new JsonFields(item, path, fields.Problems);
            if (!f.IsObject) continue;
            var r = ReadRequest(f);
            long? weight = f.Integer("weight", 1, 1_000_000);
            f.ReportUnknown();
            if (r is not null) requests.Add(r with { Weight = (int)(weight ?? 1) });
        }
        if (requests.Count == 0) return null;

        var list = requests.ToArray();
        return baseUrl =>
        {
            var url = new Uri(baseUrl, list[0].Path);
            return new HttpScenario(new HttpTarget { Url = url, Requests = list });
        };
    }

    private static HttpRequestSpec? ReadRequest(JsonFields f)
    {
        string? path = f.String("path", required: true);
        string method = f.String("method") ?? "GET";
        string? body = f.String("body");
        var headers = new List<KeyValuePair<string, string>>();
        if (f.TryGet("headers", out var h))
        {
            if (h.ValueKind != System.Text.Json.JsonValueKind.Object) f.Problem("headers", "must be an object of name: value");
            else
                foreach (var p in h.EnumerateObject())
                    headers.Add(new(p.Name, p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()));
        }
        if (path is null) return null;
        var spec = new HttpRequestSpec { Method = method, Path = path, Headers = headers, Body = body is null ? null : Encoding.UTF8.GetBytes(body) };
        // The request's own checks name the field as "requests[0].path"; re-root them at this object.
        foreach (var problem in spec.Validate(0))
            f.Problems.Add(f.At(problem[(problem.IndexOf('.') + 1)..]));
        return spec;
    }
}
