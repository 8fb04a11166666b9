using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Servers.App;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>Streaming responses on every target: chunks leave as they are produced, and a departed client ends the stream.</summary>
public sealed class StreamingTests
{
    public static TheoryData<string> Targets() => [.. TestTargets.Names];

    public static TheoryData<string, string> TargetsAndLeaves()
    {
        var rows = new TheoryData<string, string>();
        foreach (var target in TestTargets.Names)
        {
            rows.Add(target, "reset");
            rows.Add(target, "close");
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Stream_delivers_the_first_chunk_before_the_server_produces_the_last(string name)
    {
        await using var target = await TestTargets.StartAsync(name);
        using var response = await target.Client.GetAsync("/stream?chunks=5&interval_ms=150&size=64", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();

        // Same clock as the server's stamps: CLOCK_MONOTONIC in microseconds, shared by every process on the machine.
        long firstReceivedUs = 0;
        var received = new StringBuilder();
        var buffer = new byte[4096];
        for (int n; (n = await body.ReadAsync(buffer)) > 0;)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            if (firstReceivedUs == 0 && Regex.IsMatch(received.ToString(), "^chunk 0 t=[0-9]+\n")) firstReceivedUs = MonotonicClock.NowMicroseconds;
        }

        var stamps = Regex.Matches(received.ToString(), "chunk ([0-9]+) t=([0-9]+)\n").Select(m => long.Parse(m.Groups[2].Value)).ToArray();
        Assert.Equal(5, stamps.Length);
        Assert.True(firstReceivedUs >= stamps[0], "the client saw chunk 0 before the server stamped it: the clocks differ");
        Assert.True(firstReceivedUs < stamps[^1],
            $"chunk 0 arrived at {firstReceivedUs} µs, after the server produced the last chunk at {stamps[^1]} µs: the response was buffered");
    }

    [Theory]
    [MemberData(nameof(TargetsAndLeaves))]
    public async Task Sse_client_leaving_ends_the_stream_on_the_server(string name, string leave)
    {
        // One WSGI thread: /stats below can only be answered once the SSE generator gave its thread back.
        await using var target = await TestTargets.StartAsync(name, new TargetSettings { Threads = 1 });

        using (var socket = await RawHttp.ConnectAsync(target.Port))
        {
            await socket.SendAsync("GET /sse?events=0&interval_ms=50 HTTP/1.1\r\nHost: test\r\n\r\n"u8.ToArray(), SocketFlags.None);
            await RawHttp.ReadUntilAsync(socket, "id: 2\n", TimeSpan.FromSeconds(5));
            Assert.Equal(1, target.Server.Stats.OpenSseStreams);
            if (leave == "reset") RawHttp.Abort(socket);
            else socket.Close();
        }

        await Eventually.EqualAsync(0L, () => OpenSseStreamsAsync(target.Client), TimeSpan.FromSeconds(3));
    }

    private static async Task<long> OpenSseStreamsAsync(HttpClient client)
    {
        using var stats = JsonDocument.Parse(await client.GetStringAsync("/stats"));
        return stats.RootElement.GetProperty("open_sse_streams").GetInt64();
    }
}
