using Bench.Load.Scenarios.Sessions;

namespace Bench.Fuzz;

/// <summary>
/// loadgen's WebSocket frame reader (WebSocketFrameReader, client side) on arbitrary server bytes with
/// a small message limit. It refuses what RFC 6455 §5 forbids a server to send with an
/// InvalidDataException, nothing else; no message it hands on is over the limit; and the same bytes in
/// several reads (carried bytes restored in front of each, as WebSocketSession does; nothing read after
/// the close frame) give the same messages, pings, close and refusal as one read.
/// </summary>
public static class LoadgenWebSocketHarness
{
    private const int MaxMessage = 1024;

    public static void Run(byte[] input)
    {
        var whole = Read([input]);
        var split = Read(Splits.Reads(input));
        if (!whole.Seen.SequenceEqual(split.Seen)) throw new InvariantBroken($"one read saw [{string.Join(" ", whole.Seen)}], several reads [{string.Join(" ", split.Seen)}]");
        if (whole.Refusal != split.Refusal) throw new InvariantBroken($"one read refused '{whole.Refusal}', several reads '{split.Refusal}'");
    }

    private sealed record Result(List<string> Seen, string? Refusal);

    private static Result Read(IEnumerable<ReadOnlyMemory<byte>> reads)
    {
        var reader = new WebSocketFrameReader(MaxMessage);
        var sink = new Sink();
        try
        {
            foreach (var read in reads)
            {
                var buffer = new byte[reader.Carried + read.Length];
                int carried = reader.Restore(buffer);
                read.Span.CopyTo(buffer.AsSpan(carried));
                reader.Feed(buffer, sink);
                if (sink.Closed) break;
                if (reader.Carried > MaxMessage + WebSocketFrames.MaxHeader) throw new InvariantBroken($"carries {reader.Carried} bytes, more than a frame at the limit");
            }
            return new Result(sink.Seen, null);
        }
        catch (InvalidDataException e)
        {
            return new Result(sink.Seen, e.Message);
        }
        finally
        {
            reader.Reset();
        }
    }

    private sealed class Sink : IWebSocketSink
    {
        public List<string> Seen { get; } = [];

        public bool Closed { get; private set; }

        public void OnMessage(ReadOnlySpan<byte> payload, bool text)
        {
            if (payload.Length > MaxMessage) throw new InvariantBroken($"a {payload.Length}-byte message passed the {MaxMessage}-byte limit");
            Seen.Add((text ? "text:" : "binary:") + Convert.ToHexString(payload));
        }

        public void OnPing(ReadOnlySpan<byte> payload) => Seen.Add("ping:" + Convert.ToHexString(payload));

        public void OnClose(int code)
        {
            if (Closed) throw new InvariantBroken("a second close after the first");
            Closed = true;
            Seen.Add($"close:{code}");
        }
    }
}
