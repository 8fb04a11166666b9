using System.Net.Sockets;
using System.Text;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// A twin whose process runs out of descriptors (<c>prlimit --nofile=256</c>, 400 connections) keeps
/// serving: its accept loop backs off instead of spinning (CPU over 3 s well under 1 s), the
/// connections it holds still get answers, it says so in one log line per episode naming the limit (none repeated while the limit holds), and
/// once the clients leave it accepts again. Kestrel too: it aborted with "Out of memory." here before
/// its transport was capped (src/Servers/Kestrel/ConnectionCap.cs).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class DescriptorExhaustionTests
{
    private const int Connections = 400;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    [Theory]
    [InlineData("wsgi")]
    [InlineData("asgi")]
    [InlineData("kestrel")]
    public async Task Twin_at_its_descriptor_limit_backs_off_keeps_serving_and_logs_once(string twin)
    {
        if (!File.Exists("/usr/bin/prlimit")) Assert.Skip("prlimit (util-linux) is not installed, so the server cannot be started with a small descriptor limit (apt-get install util-linux)");
        await using var server = await ServerProcess.StartAsync(["prlimit", "--nofile=256:256"], twin);
        var sockets = new List<Socket>();
        try
        {
            for (int i = 0; i < Connections; i++)
            {
                try { sockets.Add(await RawHttp.ConnectAsync(server.Port)); }
                catch (SocketException e) { Assert.Fail($"connection {i}: {e.Message}; server exited: {server.HasExited}; stderr: {server.Stderr}"); }
            }
            await Eventually.EqualAsync(true, () => AcceptFailures(server).Count > 0, TimeSpan.FromSeconds(10));

            // Once the limit holds steady: bounded CPU, and no further log lines (one per episode).
            int linesBefore = AcceptFailures(server).Count;
            var before = server.CpuTime;
            await Task.Delay(Window);
            var used = server.CpuTime - before;
            Assert.True(used < TimeSpan.FromSeconds(1), $"{used.TotalMilliseconds:0} ms of CPU in {Window.TotalSeconds:0} s at the descriptor limit");
            Assert.Equal(linesBefore, AcceptFailures(server).Count);

            // The first connections were accepted before the limit: they are still served.
            for (int i = 0; i < 5; i++)
            {
                await sockets[i].SendAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: test\r\n\r\n"), SocketFlags.None);
                var answer = await RawHttp.ReadUntilAsync(sockets[i], "\r\n\r\nok", TimeSpan.FromSeconds(10));
                Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
            }
            var line = AcceptFailures(server)[^1];
            Assert.Matches("(descriptor limit 256, [0-9]+ connections open|paused at [0-9]+ connections, the most the descriptor limit \\(256\\))", line);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }

        // The backlog drains (its clients are gone) and a new client is served.
        await Eventually.EqualAsync(200, async () => (await RawHttp.HealthAsync(server.Port)).Status, TimeSpan.FromSeconds(20));
        await server.StopAsync();
    }

    private static List<string> AcceptFailures(ServerProcess server) =>
        server.Stderr.Split('\n').Where(l => l.Contains("accept failed with EMFILE", StringComparison.Ordinal) || l.Contains("accept paused", StringComparison.Ordinal)).ToList();
}
