using System.Net.Sockets;
using System.Text;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.LongLived;

/// <summary>Tests that hold so many sockets that nothing else should run beside them (descriptors, memory).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyHolds
{
    public const string Name = "long-lived: heavy holds";
}

/// <summary>
/// Resident memory of the ASGI twin per held WebSocket, on one worker of a real bench-server process.
/// Clients are bare sockets with hand-made frames, so the test process stays light. 10,000 are held:
/// the runtime's allocation budget between collections (tens of MB on a machine with a large L3) is
/// resident too, and a smaller population would mostly measure that.
/// </summary>
[Collection(HeavyHolds.Name)]
public sealed class WebSocketMemoryTests(ITestOutputHelper output)
{
    private const int Held = 10_000;

    [Fact]
    public async Task Server_memory_per_held_websocket_is_below_8_KiB()
    {
        await using var server = await ServerProcess.StartAsync("asgi", "--workers", "1");
        var sockets = new List<Socket>();
        try
        {
            int port = server.BaseUrl.Port;
            // Warm-up: the same paths once, so compiled code and pools are in the baseline.
            var warm = await OpenAsync(port, 200);
            await EchoAllAsync(warm);
            warm.ForEach(s => s.Dispose());
            // The baseline once the server has let go of the warm-up sockets; the figure once it holds all of them.
            await Eventually.EqualAsync(0L, () => server.StatAsync("open_websockets"), TimeSpan.FromSeconds(20));
            long before = ResidentBytes(server.Pid);

            sockets = await OpenAsync(port, Held);
            await EchoAllAsync(sockets);
            await Eventually.EqualAsync((long)Held, () => server.StatAsync("open_websockets"), TimeSpan.FromSeconds(20));
            long after = ResidentBytes(server.Pid);

            double perConnection = (after - before) / (double)Held;
            output.WriteLine($"server RSS {before / 1024} KiB -> {after / 1024} KiB with {Held} WebSockets held: {perConnection / 1024:F2} KiB each");
            Assert.True(perConnection < 8 * 1024, $"{perConnection / 1024:F2} KiB per held WebSocket (RSS {before / 1024} -> {after / 1024} KiB)");
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
            server.Kill();
        }
    }

    private static readonly byte[] Handshake = Encoding.ASCII.GetBytes(
        "GET /ws/echo HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

    /// <summary>A masked text frame "hi" (zero mask), and the server's unmasked echo of it.</summary>
    private static readonly byte[] Hi = [0x81, 0x82, 0, 0, 0, 0, (byte)'h', (byte)'i'];
    private static readonly byte[] HiEcho = [0x81, 2, (byte)'h', (byte)'i'];

    private static async Task<List<Socket>> OpenAsync(int port, int count)
    {
        var sockets = new Socket[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var socket = await RawHttp.ConnectAsync(port);
            await socket.SendAsync(Handshake, SocketFlags.None);
            var head = await RawHttp.ReadUntilAsync(socket, "\r\n\r\n", TimeSpan.FromSeconds(30));
            Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
            sockets[i] = socket;
        });
        return [.. sockets];
    }

    private static Task EchoAllAsync(List<Socket> sockets) =>
        Parallel.ForEachAsync(sockets, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (socket, _) =>
        {
            await socket.SendAsync(Hi, SocketFlags.None);
            var echo = new byte[HiEcho.Length];
            int have = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (have < echo.Length)
            {
                int n = await socket.ReceiveAsync(echo.AsMemory(have), SocketFlags.None, timeout.Token);
                if (n == 0) throw new IOException("server closed a held WebSocket");
                have += n;
            }
            Assert.Equal(HiEcho, echo);
        });

    /// <summary>VmRSS of a process, from /proc.</summary>
    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }
}
