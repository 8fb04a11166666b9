using System.CommandLine;
using Bench.Load.Clients.Tls;

namespace Bench.LoadGen.Cli;

/// <summary>The TLS flags of <c>loadgen run</c> for https:// and wss:// targets; with an http:// or ws:// URL they are an error.</summary>
internal sealed class TlsOptions
{
    private readonly Option<bool> _insecure = new("--insecure", "-k") { Description = "https/wss: do not verify the server's certificate (labelled INSECURE in the summary and results)" };
    private readonly Option<string?> _ca = new("--ca") { Description = "https/wss: trust the authorities in this PEM file instead of the machine's roots" };
    private readonly Option<string?> _clientCert = new("--client-cert") { Description = "https/wss: client certificate (PEM) for servers that ask for one; needs --client-key" };
    private readonly Option<string?> _clientKey = new("--client-key") { Description = "https/wss: the client certificate's private key (PEM)" };
    private readonly Option<string?> _sni = new("--sni") { Description = "https/wss: server name to send and to check in the certificate [default: the URL's host]" };
    private readonly Option<string?> _version = new("--tls-version") { HelpName = "1.2|1.3", Description = "https/wss: offer only this TLS version, 1.2 or 1.3 [default: both]" };
    private readonly Option<string> _resume = new("--tls-resume") { Description = "https/wss: resume TLS sessions on reconnect (on), or a full handshake every time (off)", DefaultValueFactory = _ => "on" };

    public TlsOptions() => _resume.AcceptOnlyFromAmong("on", "off");

    public void AddTo(Command command)
    {
        command.Options.Add(_insecure);
        command.Options.Add(_ca);
        command.Options.Add(_clientCert);
        command.Options.Add(_clientKey);
        command.Options.Add(_sni);
        command.Options.Add(_resume);
        command.Options.Add(_version);
    }

    /// <summary>The TLS flags given on the command line.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) =>
        new Option[] { _insecure, _ca, _clientCert, _clientKey, _sni, _resume, _version }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    /// <summary>The settings, or problems naming their flag; a TLS flag with a plaintext URL is one too.</summary>
    public TlsSettings Read(ParseResult parse, string? url, List<string> errors)
    {
        var settings = new TlsSettings
        {
            Insecure = parse.GetValue(_insecure),
            CaFile = parse.GetValue(_ca),
            ClientCertificateFile = parse.GetValue(_clientCert),
            ClientKeyFile = parse.GetValue(_clientKey),
            ServerName = parse.GetValue(_sni),
            Resume = parse.GetValue(_resume) != "off",
        };
        if (parse.GetValue(_version) is { } version)
        {
            if (TlsSettings.ParseVersion(version) is { } one) settings = settings with { Versions = one };
            else errors.Add($"--tls-version: must be 1.2 or 1.3 (got '{version}'; without the option both are offered)");
        }
        bool tlsUrl = Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "wss";
        var given = Given(parse);
        if (!tlsUrl && given.Count > 0 && url is not null && Uri.TryCreate(url, UriKind.Absolute, out _))
            errors.Add($"{given[0]}: applies to https:// and wss:// URLs only (got {url})");
        else if (tlsUrl) errors.AddRange(settings.Validate());
        return settings;
    }
}
