using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Bench.Tests.Servers.Support;
using Xunit;

namespace Bench.Tests.Servers;

/// <summary>
/// The header timeout runs from a request's first byte, also for connections still queued for a WSGI
/// thread: the poller owns the clock. 100 clients trickling a head one byte every 300 ms against
/// <c>wsgi --threads 4 --header-timeout 2</c> (and the ASGI twin) all get their 408 between 2 and 4 s
/// after their first byte — not in batches of four threads.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class HeaderTimeoutTests
{
    private const int Clients = 100;
    private const double CoarseClockTick = 0.02;
    private static readonly TimeSpan ByteInterval = TimeSpan.FromMilliseconds(300);
    private static readonly byte[] Head = Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: " + new string('s', 64) + "\r\n\r\n");

    [Theory]
    [InlineData("wsgi", "--threads", "4")]
    [InlineData("asgi", "--workers", "1")]
    public async Task Trickling_clients_all_get_408_two_to_four_seconds_after_their_first_byte(string twin, string option, string value)
    {
        await using var server = await ServerProcess.StartAsync(twin, option, value, "--header-timeout", "2");
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => TrickleAsync(server.Port)));

        var wrong = results.Where(r => r.Status != 408).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {Clients} did not get 408: {string.Join("; ", wrong.Take(5).Select(r => r.Response))}");
        var seconds = results.Select(r => r.Elapsed.TotalSeconds).Order().ToList();
        // The servers' deadlines read Environment.TickCount64, a coarse clock on Linux (a few ms per tick),
        // so a 408 may leave up to one tick before the client's fine clock reaches 2 s.
        Assert.True(seconds[0] >= 2 - CoarseClockTick && seconds[^1] <= 4, $"408 after {seconds[0]:0.000}..{seconds[^1]:0.000} s (median {seconds[Clients / 2]:0.00} s)");
        await server.StopAsync();
    }

    private sealed record Outcome(int Status, TimeSpan Elapsed, string Response);

    /// <summary>Sends the head one byte at a time until the server answers; the time counts from the first byte.</summary>
    private static async Task<Outcome> TrickleAsync(int port)
    {
        using var socket = await RawHttp.ConnectAsync(port);
        var clock = Stopwatch.StartNew();
        var answer = RawHttp.ReadUntilCloseAsync(socket, TimeSpan.FromSeconds(10));
        try
        {
            for (int i = 0; i < Head.Length && !answer.IsCompleted; i++)
            {
                await socket.SendAsync(Head.AsMemory(i, 1), SocketFlags.None);
                await Task.WhenAny(answer, Task.Delay(ByteInterval));
            }
        }
        catch (SocketException)
        {
            // Closed by the server after its answer: what it said is still read below.
        }
        var response = await answer;
        return new Outcome(response.Status, clock.Elapsed, response.ToString());
    }
}
