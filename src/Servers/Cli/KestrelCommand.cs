using System.CommandLine;
using Bench.Servers.Hosting;
using Bench.Servers.Kestrel;

namespace Bench.Servers.Cli;

internal static class KestrelCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var https = new Option<bool>("--https") { Description = "Serve HTTPS (HTTP/1.1 and HTTP/2 by ALPN) with a self-signed certificate made at start; its SHA-256 fingerprint is printed" };
        var certOut = new Option<string?>("--cert-out") { Description = "With --https: write the generated certificate (PEM, no key) to this file, for a client's --ca" };
        var h2c = new Option<bool>("--h2c") { Description = "Plaintext HTTP/2 only, with prior knowledge (h2c); HTTP/1.1 clients are refused" };
        var command = new Command("kestrel", "Reference: the same demo app on ASP.NET Core's Kestrel (the .NET production event-driven server)");
        common.AddTo(command);
        command.Options.Add(https);
        command.Options.Add(certOut);
        command.Options.Add(h2c);
        command.Validators.Add(r =>
        {
            if (r.GetValue(h2c) && r.GetValue(https)) r.AddError("--h2c: plaintext only; with --https, HTTP/2 is offered by ALPN already");
            else if (r.GetValue(certOut) is not null && !r.GetValue(https)) r.AddError("--cert-out: needs --https");
        });
        command.SetAction(result =>
        {
            System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
            try
            {
                if (result.GetValue(https)) certificate = ServerCertificate(result.GetValue(common.Host)!, result.GetValue(certOut));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bench-server: --cert-out: cannot write {result.GetValue(certOut)}: {e.Message}");
                return Task.FromResult(2);
            }
            var options = new KestrelOptions
            {
                Host = result.GetValue(common.Host)!,
                Port = result.GetValue(common.Port),
                HeaderTimeout = TimeSpan.FromSeconds(result.GetValue(common.HeaderTimeout)),
                MaxBodyBytes = result.GetValue(common.MaxBody),
                GracefulTimeout = TimeSpan.FromSeconds(result.GetValue(common.GracefulTimeout)),
                Certificate = certificate,
                Http2Cleartext = result.GetValue(h2c),
            };
            return ServerRunner.RunAsync(new KestrelServer(options), options.Host, options.GracefulTimeout);
        });
        return command;
    }

    /// <summary>
    /// A fresh self-signed certificate for the listening address, localhost and 127.0.0.1, printed as its
    /// fingerprint before the ready line so a client can pin it (the suites' launcher does).
    /// </summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2 ServerCertificate(string host, string? certOut)
    {
        var names = new List<string> { "localhost", "127.0.0.1" };
        if (!names.Contains(host)) names.Insert(0, host);
        var certificate = Certificates.SelfSigned(names, TimeSpan.FromDays(7));
        if (certOut is not null) Certificates.WritePem(certificate, certOut);
        Console.Out.WriteLine($"certificate sha256 {Certificates.Fingerprint(certificate)} (self-signed for {string.Join(", ", names)}{(certOut is null ? "" : $"; PEM in {certOut}")})");
        return certificate;
    }
}
