namespace Bench.Servers.Wsgi;

/// <summary>
/// <c>wsgi.input</c>: a blocking stream of the request body that gives EOF at the end of the body and
/// never reads past it (PEP 3333 §"Input and Error Streams"). Reads block the calling thread.
/// </summary>
public sealed class WsgiInput
{
    private readonly Func<Memory<byte>, int> _readBody;
    private byte[] _pushback = [];

    internal WsgiInput(Func<Memory<byte>, int> readBody) => _readBody = readBody;

    /// <summary><c>read(size)</c>; size &lt; 0 reads to the end of the body.</summary>
    public byte[] Read(int size = -1)
    {
        if (size == 0) return [];
        using var collected = new MemoryStream();
        var buffer = new byte[size < 0 ? 16 * 1024 : Math.Min(size, 64 * 1024)];
        while (size < 0 || collected.Length < size)
        {
            int want = size < 0 ? buffer.Length : (int)Math.Min(buffer.Length, size - collected.Length);
            int n = ReadInto(buffer.AsMemory(0, want));
            if (n == 0) break;
            collected.Write(buffer, 0, n);
        }
        return collected.ToArray();
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length bytes; 0 at the end of the body.</summary>
    public int ReadInto(Memory<byte> destination)
    {
        if (_pushback.Length > 0)
        {
            int n = Math.Min(_pushback.Length, destination.Length);
            _pushback.AsSpan(0, n).CopyTo(destination.Span);
            _pushback = _pushback[n..];
            return n;
        }
        return _readBody(destination);
    }

    /// <summary><c>readline(size)</c>: up to and including the next LF.</summary>
    public byte[] ReadLine(int size = -1)
    {
        using var line = new MemoryStream();
        var one = new byte[1];
        while (size < 0 || line.Length < size)
        {
            if (ReadInto(one) == 0) break;
            line.WriteByte(one[0]);
            if (one[0] == '\n') break;
        }
        return line.ToArray();
    }

    public IEnumerable<byte[]> ReadLines()
    {
        for (var line = ReadLine(); line.Length > 0; line = ReadLine()) yield return line;
    }
}
