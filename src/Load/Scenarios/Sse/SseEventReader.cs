using System.Buffers;
using System.Buffers.Text;

namespace Bench.Load.Scenarios.Sse;

/// <summary>Receives each complete event's data (data lines joined by '\n').</summary>
internal interface ISseSink
{
    void OnEvent(ReadOnlySpan<byte> data);
}

/// <summary>
/// text/event-stream framing (WHATWG HTML §9.2.6) over bytes the caller borrows only while it
/// has them in hand: events are parsed where they lie, and only an event split across reads is
/// kept (in a pooled buffer, returned once the event completes). SseParser would hold two
/// 1 KiB buffers and an enumerator per stream for as long as it is open: at 10,000 idle
/// subscribers that is most of the generator's memory. Lines end with LF or CRLF (a lone CR,
/// which no server Bench measures sends, is kept as part of its line).
/// </summary>
internal sealed class SseEventReader
{
    /// <summary>An event (its lines up to the blank one) longer than this is refused.</summary>
    public const int MaxEvent = 64 * 1024;

    private const long MaxRetryMs = 24 * 60 * 60 * 1000;

    private byte[]? _carry;
    private int _carryCount;

    /// <summary>The last id: field as a number (Bench's servers number their events); -1 if it was not one, 0 before any.</summary>
    public long LastEventId { get; private set; }

    /// <summary>The last retry: hint, if the server sent one.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>Bytes of an unfinished event, held between reads.</summary>
    public int Carried => _carryCount;

    /// <summary>A new connection: nothing carried (the last id is kept, a resume sends it).</summary>
    public void Reset() => Release();

    /// <summary>Moves the carried bytes to the front of <paramref name="buffer"/> and returns how many; the caller appends new bytes after them.</summary>
    public int Restore(Span<byte> buffer)
    {
        int n = _carryCount;
        if (n > 0) _carry.AsSpan(0, n).CopyTo(buffer);
        Release();
        return n;
    }

    /// <summary>Dispatches every complete event in <paramref name="bytes"/> and keeps the unfinished tail; false if that tail is over <see cref="MaxEvent"/>.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes, ISseSink sink)
    {
        int eventStart = 0, pos = 0;
        int dataStart = -1, dataLength = 0, dataLines = 0;
        byte[]? joined = null;
        try
        {
            while (true)
            {
                int nl = bytes[pos..].IndexOf((byte)'\n');
                if (nl < 0) break;
                var line = bytes.Slice(pos, nl);
                if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
                int next = pos + nl + 1;
                if (line.Length == 0)
                {
                    if (dataLines == 1) sink.OnEvent(bytes.Slice(dataStart, dataLength));
                    else if (dataLines > 1) sink.OnEvent(joined.AsSpan(0, dataLength));
                    dataStart = -1;
                    dataLength = dataLines = 0;
                    eventStart = next;
                }
                else
                {
                    Field(line, bytes, pos, ref dataStart, ref dataLength, ref dataLines, ref joined);
                }
                pos = next;
            }
        }
        finally
        {
            if (joined is not null) ArrayPool<byte>.Shared.Return(joined);
        }
        var tail = bytes[eventStart..];
        if (tail.Length > MaxEvent) return false;
        if (tail.Length > 0)
        {
            _carry = ArrayPool<byte>.Shared.Rent(tail.Length);
            tail.CopyTo(_carry);
            _carryCount = tail.Length;
        }
        return true;
    }

    private void Field(ReadOnlySpan<byte> line, ReadOnlySpan<byte> bytes, int lineStart, ref int dataStart, ref int dataLength, ref int dataLines, ref byte[]? joined)
    {
        if (line[0] == ':') return; // a comment
        int colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        int valueAt = colon < 0 ? line.Length : colon + 1;
        if (valueAt < line.Length && line[valueAt] == ' ') valueAt++;
        var value = line[valueAt..];
        if (name.SequenceEqual("data"u8))
        {
            if (dataLines == 0)
            {
                dataStart = lineStart + valueAt;
                dataLength = value.Length;
            }
            else
            {
                // Several data lines join with LF (rare: Bench's events have one); copy them out once.
                var first = dataLines == 1 ? bytes.Slice(dataStart, dataLength) : default;
                var bigger = ArrayPool<byte>.Shared.Rent(dataLength + 1 + value.Length);
                if (dataLines == 1) first.CopyTo(bigger);
                else joined.AsSpan(0, dataLength).CopyTo(bigger);
                if (joined is not null) ArrayPool<byte>.Shared.Return(joined);
                joined = bigger;
                joined[dataLength] = (byte)'\n';
                value.CopyTo(joined.AsSpan(dataLength + 1));
                dataLength += 1 + value.Length;
            }
            dataLines++;
        }
        else if (name.SequenceEqual("id"u8))
        {
            if (value.IndexOf((byte)0) < 0) LastEventId = Utf8Parser.TryParse(value, out long id, out int used) && used == value.Length ? id : -1;
        }
        else if (name.SequenceEqual("retry"u8))
        {
            // Any digits are a valid hint; past a day they mean "a long time" (TimeSpan overflows near 2^63 ticks).
            if (Utf8Parser.TryParse(value, out long ms, out int used) && used == value.Length && ms >= 0) Retry = TimeSpan.FromMilliseconds(Math.Min(ms, MaxRetryMs));
        }
    }

    private void Release()
    {
        if (_carry is { } c) ArrayPool<byte>.Shared.Return(c);
        _carry = null;
        _carryCount = 0;
    }
}
