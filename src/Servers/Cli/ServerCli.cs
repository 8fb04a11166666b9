using System.CommandLine;

namespace Bench.Servers.Cli;

/// <summary>
/// <c>bench-server wsgi|asgi|kestrel</c>. Bad options print one line naming the option and exit 2;
/// a running server prints <c>listening on http://HOST:PORT</c> (https:// with <c>kestrel --https</c>, after a <c>certificate sha256 …</c> line) and stops cleanly on SIGTERM/SIGINT.
/// </summary>
public static class ServerCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("bench-server: the same demo app on a WSGI-style, an ASGI-style and a Kestrel server")
        {
            WsgiCommand.Create(),
            AsgiCommand.Create(),
            KestrelCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"bench-server: {parsed.Errors[0].Message}");
            return 2;
        }
        return parsed.Invoke();
    }
}
