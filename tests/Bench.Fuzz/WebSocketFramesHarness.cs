using System.Net.WebSockets;
using Bench.Servers.Http;

namespace Bench.Fuzz;

/// <summary>
/// The server's WebSocket read path on arbitrary client bytes: the frame scanner and input guard in
/// front of the BCL's WebSocket, read through WebSocketMessageReader with a small message limit, until
/// the stream ends or closes. A protocol refusal (WebSocketException) or a 1009 close is fine; a
/// message over the limit, or a 1009 the scanner did not announce, is a finding.
/// </summary>
public static class WebSocketFramesHarness
{
    private const int MaxMessage = 1024;

    public static void Run(byte[] input) => RunAsync(input).GetAwaiter().GetResult();

    private static async Task RunAsync(byte[] input)
    {
        // The scanner alone, fed in two parts: it never hands on more than it was given.
        var scanner = new WebSocketFrameScanner(MaxMessage);
        int split = input.Length == 0 ? 0 : input[0] % (input.Length + 1);
        int first = scanner.Feed(input.AsSpan(0, split));
        int second = scanner.Feed(input.AsSpan(split));
        if (first < 0 || first > split || second < 0 || second > input.Length - split) throw new InvariantBroken("scanner passed more than it was fed");

        var rawCloses = new List<byte[]>();
        using var guard = new WebSocketInputGuard(new InputOnlyStream(input), frame => { rawCloses.Add(frame.ToArray()); return ValueTask.CompletedTask; }, MaxMessage);
        using var socket = WebSocket.CreateFromStream(guard, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        for (int messages = 0; messages < 10_000; messages++)
        {
            WebSocketMessage message;
            try
            {
                message = await WebSocketMessageReader.ReceiveAsync(socket, MaxMessage, guard);
            }
            catch (Exception e) when (e is WebSocketException or IOException) { return; }
            if (!message.IsClose && message.Data.Length > MaxMessage) throw new InvariantBroken($"a {message.Data.Length}-byte message passed the limit");
            if (message.IsClose)
            {
                // The guard's own refusal aborts the socket and must have sent one 1009. The scanner may also
                // have flagged a header after the peer's close frame, which the WebSocket never reads: no 1009 then.
                if (guard.TooBig && socket.State == WebSocketState.Aborted && rawCloses.Count != 1) throw new InvariantBroken("refused a frame header without sending 1009");
                if (rawCloses.Count > 1) throw new InvariantBroken("more than one 1009 close sent");
                return;
            }
        }
    }

    /// <summary>Reads <paramref name="input"/> then reports the end of the stream; writes are dropped.</summary>
    private sealed class InputOnlyStream(byte[] input) : MemoryStream(input, writable: false)
    {
        public override bool CanWrite => true;
        public override void Write(byte[] buffer, int offset, int count) { }
        public override void Write(ReadOnlySpan<byte> buffer) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
