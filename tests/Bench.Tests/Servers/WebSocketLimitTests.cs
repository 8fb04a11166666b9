using System.Buffers.Binary;
using System.Net.Sockets;
using Bench.Servers.App;
using Bench.Servers.Asgi;
using Bench.Servers.Wsgi;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// A WebSocket frame whose header declares more than the message limit (16 MiB) is answered with a
/// close frame carrying 1009 as soon as the header is in: no byte of its payload is ever sent here.
/// Both twins (WSGI with <c>--ws hijack</c>); fragments count towards their message.
/// </summary>
public sealed class WebSocketLimitTests
{
    private const int Limit = 16 * 1024 * 1024;

    public static TheoryData<string, string> Cases()
    {
        var rows = new TheoryData<string, string>();
        foreach (var twin in TestTargets.Twins)
            foreach (var name in new[] { "20 MB", "2^63-1", "2^64-1", "limit + 1", "fragments over the limit" }) rows.Add(twin, name);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Frame_header_declaring_more_than_the_limit_is_closed_with_1009_before_its_payload(string twin, string name)
    {
        await using var target = await StartAsync(twin);
        using var socket = await RawHttp.ConnectAsync(target.Port);
        await socket.SendAsync(Handshake, SocketFlags.None);
        var head = await RawHttp.ReadUntilAsync(socket, "\r\n\r\n", TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);

        // A small message first: it is echoed, so the scanner hands on what precedes a refused frame.
        await socket.SendAsync(Frame(0x81, 2, [(byte)'h', (byte)'i']), SocketFlags.None);
        byte[] echo = await ReadExactlyAsync(socket, 4);
        Assert.Equal(new byte[] { 0x81, 2, (byte)'h', (byte)'i' }, echo);

        foreach (var header in Headers(name)) await socket.SendAsync(header, SocketFlags.None);
        byte[] close = await ReadExactlyAsync(socket, 4);
        Assert.Equal(new byte[] { 0x88, 2, 0x03, 0xF1 }, close);   // close, 1009
    }

    /// <summary>Frame headers (and for fragments, the first fragment's payload) that add up to more than the limit.</summary>
    private static IEnumerable<byte[]> Headers(string name) => name switch
    {
        "20 MB" => [Frame(0x82, 20_000_000, [])],
        "2^63-1" => [Frame(0x82, long.MaxValue, [])],
        "2^64-1" => [Frame(0x82, -1, [])],
        "limit + 1" => [Frame(0x82, Limit + 1, [])],
        "fragments over the limit" => [Frame(0x02, 1000, new byte[1000]), Frame(0x80, Limit - 999, [])],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case"),
    };

    /// <summary>A masked client frame: its header declares <paramref name="length"/> (-1: all 64 bits set), followed by <paramref name="payload"/>.</summary>
    private static byte[] Frame(byte first, long length, byte[] payload)
    {
        var frame = new List<byte> { first };
        if (length is >= 0 and < 126) frame.Add((byte)(0x80 | length));
        else
        {
            frame.Add(0x80 | 127);
            var extended = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(extended, (ulong)length);
            frame.AddRange(extended);
        }
        frame.AddRange([0, 0, 0, 0]);   // a zero mask leaves the payload as it is
        frame.AddRange(payload);
        return [.. frame];
    }

    private static readonly byte[] Handshake = System.Text.Encoding.ASCII.GetBytes(
        "GET /ws/echo HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int have = 0;
        while (have < count)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, timeout.Token);
            if (n == 0) throw new IOException($"closed after {have} of {count} bytes: {Convert.ToHexString(buffer, 0, have)}");
            have += n;
        }
        return buffer;
    }

    private static Task<TestTarget> StartAsync(string twin) => twin == TestTargets.Wsgi
        ? TestTargets.StartAsync(twin, new WsgiServer(new WsgiOptions { Port = 0, Threads = 4, WebSockets = WsgiWebSocketMode.Hijack },
            runtime => new WsgiDemoApp(runtime).Invoke))
        : TestTargets.StartAsync(twin, new AsgiServer(new AsgiOptions { Port = 0 }, runtime => new AsgiDemoApp(runtime).Invoke));
}
