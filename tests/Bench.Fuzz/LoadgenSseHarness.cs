using Bench.Load.Scenarios.Sse;

namespace Bench.Fuzz;

/// <summary>
/// loadgen's text/event-stream reader (SseEventReader) on arbitrary body bytes. It never throws; it
/// refuses only an unfinished event over its limit; and the same bytes in several reads (carried bytes
/// restored in front of each read, as SseSession does) dispatch the same events and end with the same
/// last id and retry as in one read; every event's data reads as Bench's stamp or as not one (SseEvent.Parse).
/// </summary>
public static class LoadgenSseHarness
{
    public static void Run(byte[] input)
    {
        var whole = Read([input]);
        var split = Read(Splits.Reads(input));
        if (whole.Refused || split.Refused) return; // an event over the limit: both refuse, at different reads
        if (!whole.Events.SequenceEqual(split.Events)) throw new InvariantBroken($"one read gave {whole.Events.Count} events, several reads {split.Events.Count} (or different ones)");
        if (whole.LastId != split.LastId || whole.Retry != split.Retry) throw new InvariantBroken($"last id/retry {whole.LastId}/{whole.Retry} vs {split.LastId}/{split.Retry}");
        if (whole.Carried != split.Carried) throw new InvariantBroken($"carried {whole.Carried} vs {split.Carried} bytes at the end");
    }

    private sealed record Result(List<string> Events, long LastId, TimeSpan? Retry, int Carried, bool Refused);

    private static Result Read(IEnumerable<ReadOnlyMemory<byte>> reads)
    {
        var reader = new SseEventReader();
        var sink = new Sink();
        try
        {
            foreach (var read in reads)
            {
                var buffer = new byte[reader.Carried + read.Length];
                int carried = reader.Restore(buffer);
                read.Span.CopyTo(buffer.AsSpan(carried));
                if (!reader.Feed(buffer, sink))
                {
                    if (buffer.Length <= SseEventReader.MaxEvent) throw new InvariantBroken($"refused {buffer.Length} bytes, within the limit");
                    return new Result(sink.Events, reader.LastEventId, reader.Retry, 0, true);
                }
                if (reader.Carried > SseEventReader.MaxEvent) throw new InvariantBroken($"carries {reader.Carried} bytes, over the limit");
            }
            return new Result(sink.Events, reader.LastEventId, reader.Retry, reader.Carried, false);
        }
        finally
        {
            reader.Reset();
        }
    }

    private sealed class Sink : ISseSink
    {
        public List<string> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> data)
        {
            // The session reads Bench's stamp from each event: any data is a stamp or Seq -1, never an exception.
            var e = SseEvent.Parse(data);
            Events.Add($"{e.Seq}/{e.ServerMicros}/{Convert.ToHexString(data)}");
        }
    }
}
