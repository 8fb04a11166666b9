using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bench.Suites;
using Xunit;

namespace Bench.Tests.Tls.Support;

/// <summary>The loopback ports of one nginx, each a server block with its own TLS setup.</summary>
internal sealed record NginxPorts(int Https, int Http1Tls, int Tls13Only, int Expired, int OtherName, int Mutual, int H2c, int Plain)
{
    public static NginxPorts Free()
    {
        // Held open together so the eight are distinct; nginx binds them right after they are released.
        var listeners = Enumerable.Range(0, 8).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        foreach (var l in listeners) l.Start();
        var p = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in listeners) l.Stop();
        return new NginxPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }
}

/// <summary>One line of the access log: which server block (port) answered what, over which protocol, for which SNI name ("" when none was sent).</summary>
internal sealed record NginxLogEntry(int Port, string Method, string Uri, int Status, string Protocol, string TlsProtocol, bool SessionReused, long Connection, int ConnectionRequest, string ServerName);

/// <summary>
/// Debian's nginx (nginx-light: ssl and http_v2 built in) serving /hello over TLS 1.2/1.3 with HTTP/1.1
/// and HTTP/2 by ALPN, h2c with prior knowledge, and plain HTTP/1.1; plus server blocks that present an
/// expired certificate, a certificate for another name, only TLS 1.3, only HTTP/1.1 by ALPN, or demand a
/// client certificate. Its access log (one line per request, /health excluded) is what the tests count.
/// Started by the suites' launcher (<see cref="TargetProcess"/>), which trusts the test authority.
/// </summary>
internal sealed class NginxTarget : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    /// <summary>The demo app's /hello body, byte for byte, so nginx and the targets answer alike.</summary>
    public const string HelloBody = "Hello World";

    private readonly TargetProcess _process;

    private NginxTarget(TestPki pki, NginxPorts ports, TargetProcess process)
    {
        Pki = pki;
        Ports = ports;
        _process = process;
    }

    public TestPki Pki { get; }
    public NginxPorts Ports { get; }
    public string AccessLog => Pki.Path("access.log");
    public int Pid => _process.Pid!.Value;

    public Uri Https(string path = "/hello") => new($"https://127.0.0.1:{Ports.Https}{path}");

    /// <summary>Null when nginx can serve TLS and HTTP/2 here; otherwise why not (and what installs it).</summary>
    public static string? MissingReason => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!File.Exists(Executable)) return $"{Executable} is missing; scripts/install-deps.sh test installs nginx-light";
        var psi = new ProcessStartInfo(Executable, "-V") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        string configure = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        foreach (var module in new[] { "--with-http_ssl_module", "--with-http_v2_module" })
            if (!configure.Contains(module, StringComparison.Ordinal)) return $"{Executable} was built without {module} (nginx -V)";
        return null;
    });

    /// <summary>Starts nginx on fresh ports with <paramref name="pki"/>'s certificates; skips the test when nginx cannot.</summary>
    public static async Task<NginxTarget> StartAsync(TestPki pki)
    {
        if (MissingReason is { } why) Assert.Skip(why);
        for (int attempt = 1; ; attempt++)
        {
            var ports = NginxPorts.Free();
            string config = pki.Path("nginx.conf");
            File.WriteAllText(config, Config(pki, ports));
            File.WriteAllText(pki.Path("access.log"), "");
            var spec = new TargetSpec
            {
                Name = "nginx",
                Kind = TargetKinds.Command,
                Model = "other",
                Command = [Executable, "-p", pki.Directory.FullName, "-c", config, "-e", "stderr", "-g", "daemon off;"],
                Url = $"https://127.0.0.1:{ports.Https}/",
                CaFile = pki.AuthorityPem,
                StartTimeout = TimeSpan.FromSeconds(20),
            };
            try
            {
                return new NginxTarget(pki, ports, await TargetProcess.StartAsync(spec, serverPath: null, cpus: null, CancellationToken.None));
            }
            catch (TargetFailedException ex) when (attempt == 1 && ex.ExitCode is not null)
            {
                // Exited at start: most likely one of the eight ports was taken between probe and bind.
            }
            catch (TargetFailedException ex)
            {
                throw new InvalidOperationException($"nginx: {ex.Message}:\n{string.Join("\n", ex.Output)}", ex);
            }
        }
    }

    /// <summary>The access log so far (nginx writes a line as each request finishes).</summary>
    public IReadOnlyList<NginxLogEntry> Log()
    {
        var entries = new List<NginxLogEntry>();
        using var stream = new FileStream(AccessLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            var f = line.Split(' ');
            if (f.Length != 10) continue;
            entries.Add(new NginxLogEntry(Int(f[0]), f[1], f[2], Int(f[3]), f[4], f[5].TrimEnd('-'), f[6] == "r", long.Parse(f[7], CultureInfo.InvariantCulture), Int(f[8]),
                f[9].TrimEnd('-')));
        }
        return entries;
    }

    /// <summary>Requests for <paramref name="path"/> that the server block on <paramref name="port"/> answered.</summary>
    public int Count(int port, string path = "/hello") => Log().Count(e => e.Port == port && e.Uri == path);

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static string Config(TestPki pki, NginxPorts ports)
    {
        string dir = pki.Directory.FullName;
        string Tls(string pem, string key) => $"ssl_certificate {pem}; ssl_certificate_key {key};";
        string tls = Tls(pki.ServerPem, pki.ServerKey);
        const string routes = """
            location = /health { access_log off; return 200 "ok\n"; }
            location = /hello { return 200 "Hello World"; }
            location = /reset { return 444; }
            location / { return 404 "not found\n"; }
            """;
        // $ssl_session_reused is "r" for a resumed handshake, "." otherwise (and "." on plaintext);
        // $ssl_server_name is the name the client sent in SNI (empty when it sent none, e.g. for an IP address).
        return $$"""
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 8192; }
            http {
                log_format bench '$server_port $request_method $request_uri $status $server_protocol ${ssl_protocol}- $ssl_session_reused $connection $connection_requests ${ssl_server_name}-';
                access_log {{dir}}/access.log bench;
                client_body_temp_path {{dir}}/body; proxy_temp_path {{dir}}/proxy; fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi; scgi_temp_path {{dir}}/scgi;
                default_type text/plain;
                keepalive_requests 1000000;
                keepalive_timeout 75s;
                http2_max_concurrent_streams 128;
                ssl_protocols TLSv1.2 TLSv1.3;
                ssl_session_cache shared:bench:4m;
                ssl_session_timeout 10m;
                server { listen 127.0.0.1:{{ports.Https}} ssl http2; {{tls}} {{routes}} }
                server { listen 127.0.0.1:{{ports.Http1Tls}} ssl; {{tls}} {{routes}} }
                server { listen 127.0.0.1:{{ports.Tls13Only}} ssl; ssl_protocols TLSv1.3; {{tls}} {{routes}} }
                server { listen 127.0.0.1:{{ports.Expired}} ssl; {{Tls(pki.ExpiredPem, pki.ExpiredKey)}} {{routes}} }
                server { listen 127.0.0.1:{{ports.OtherName}} ssl; {{Tls(pki.OtherNamePem, pki.OtherNameKey)}} {{routes}} }
                server { listen 127.0.0.1:{{ports.Mutual}} ssl http2; {{tls}} ssl_verify_client on; ssl_client_certificate {{pki.AuthorityPem}}; {{routes}} }
                server { listen 127.0.0.1:{{ports.H2c}} http2; {{routes}} }
                server { listen 127.0.0.1:{{ports.Plain}}; {{routes}} }
            }
            """;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
