using Bench.Load.Clients.Tls;

namespace Bench.Load.Scenarios.Mixed;

/// <summary>
/// A scenario file's <c>"tls"</c> object, at the top (every https:// and wss:// part) or in a part
/// (that part only, replacing the top's): the fields of <c>loadgen run</c>'s TLS flags, e.g.
/// <c>{ "ca": "ca.pem", "sni": "localhost", "resume": false, "version": "1.3" }</c>. Relative paths
/// are read from the scenario file's directory.
/// </summary>
internal sealed record TlsDto(bool? Insecure, string? Ca, string? ClientCert, string? ClientKey, string? Sni, bool? Resume, string? Version)
{
    /// <summary>The settings, or null with problems named <paramref name="at"/>.field ("parts[1].tls.ca").</summary>
    public TlsSettings? Read(string directory, string at, List<string> problems)
    {
        string? Full(string? file) => file is null ? null : Path.GetFullPath(Path.Combine(directory, file));
        var settings = new TlsSettings
        {
            Insecure = Insecure ?? false,
            CaFile = Full(Ca),
            ClientCertificateFile = Full(ClientCert),
            ClientKeyFile = Full(ClientKey),
            ServerName = Sni,
            Resume = Resume ?? true,
        };
        int before = problems.Count;
        if (Version is { } v)
        {
            if (TlsSettings.ParseVersion(v) is { } one) settings = settings with { Versions = one };
            else problems.Add($"{at}.version: must be \"1.2\" or \"1.3\" (got \"{v}\"; without it both are offered)");
        }
        problems.AddRange(settings.Validate(flag => $"{at}.{Field(flag)}"));
        return problems.Count == before ? settings : null;
    }

    private static string Field(string flag) => flag switch
    {
        "--ca" => "ca",
        "--client-cert" => "clientCert",
        "--client-key" => "clientKey",
        "--sni" => "sni",
        _ => flag.TrimStart('-'),
    };
}
