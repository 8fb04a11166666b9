namespace Bench.Servers.Http;

/// <summary>Reads one value from a raw query string (`a=1&b=2`) without building a dictionary.</summary>
public static class QueryString
{
    public static string Get(string query, string key)
    {
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            if (Uri.UnescapeDataString(name.Replace('+', ' ')) == key)
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            }
        }
        return "";
    }
}
