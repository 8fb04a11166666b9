using Bench.Load.Clients;

namespace Bench.Fuzz;

/// <summary>
/// loadgen's one response parser (ResponseParser: status line, framing headers, chunked bodies through
/// ChunkedDecoder) on arbitrary server bytes. It never throws; what it consumes lies within what it was
/// given; and the same bytes arriving in several reads (the caller keeping what was not consumed, as
/// every session does) end the same way — same status, same code, same body bytes, same bytes consumed —
/// as in one read. A HEAD request's parse never counts a body.
/// </summary>
public static class LoadgenResponseHarness
{
    public static void Run(byte[] input)
    {
        var whole = Parse(input, [input], headRequest: false);
        var split = Parse(input, Splits.Reads(input), headRequest: false);
        if (whole != split) throw new InvariantBroken($"one read ended {whole}, several reads {split}");
        var head = Parse(input, [input], headRequest: true);
        if (head.Status == ParseStatus.Complete && head.BodyBytes != 0) throw new InvariantBroken($"a HEAD response counted {head.BodyBytes} body bytes");
    }

    private readonly record struct Outcome(ParseStatus Status, int Code, long BodyBytes, long Consumed, bool KeepAlive, BodyFraming Framing);

    private static Outcome Parse(byte[] input, IEnumerable<ReadOnlyMemory<byte>> reads, bool headRequest)
    {
        var parser = new ResponseParser();
        parser.Reset(headRequest);
        var buffer = new byte[input.Length];
        int filled = 0;
        long consumedTotal = 0;
        var status = ParseStatus.NeedMore;
        foreach (var read in reads)
        {
            read.Span.CopyTo(buffer.AsSpan(filled));
            filled += read.Length;
            status = parser.Parse(buffer.AsSpan(0, filled), out int consumed);
            if (consumed < 0 || consumed > filled) throw new InvariantBroken($"consumed {consumed} of {filled}");
            consumedTotal += consumed;
            if (status != ParseStatus.NeedMore) break;
            // As the sessions do: what was not consumed moves to the front and waits for more.
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
        if (status == ParseStatus.Error && parser.Error is null) throw new InvariantBroken("an error without a reason");
        if (status == ParseStatus.Complete && !parser.IsComplete) throw new InvariantBroken("complete, but the parser says the response is not");
        if (parser.BodyBytes < 0) throw new InvariantBroken($"{parser.BodyBytes} body bytes");
        return status == ParseStatus.Complete
            ? new Outcome(status, parser.StatusCode, parser.BodyBytes, consumedTotal, parser.KeepAlive, parser.Framing)
            : new Outcome(status, 0, 0, 0, false, BodyFraming.None);
    }
}
