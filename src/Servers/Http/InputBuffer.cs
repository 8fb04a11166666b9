namespace Bench.Servers.Http;

/// <summary>
/// The bytes received on a connection and not yet consumed. Grows up to a cap (the largest head the
/// limits allow, plus room), so a peer can never make the server buffer without bound. The array is
/// rented from the shared pool when bytes arrive and can be given back while the connection idles,
/// so thousands of idle connections hold no receive buffer (Kestrel does the same).
/// </summary>
public sealed class InputBuffer(int initialSize, int maxSize)
{
    private byte[] _buffer = [];
    private int _start;
    private int _end;

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);
    public ReadOnlyMemory<byte> DataMemory => _buffer.AsMemory(_start, _end - _start);
    public int Length => _end - _start;
    public bool IsEmpty => _end == _start;

    /// <summary>Room to receive into; compacts or grows first. Empty when the cap is reached.</summary>
    public Memory<byte> GetFreeMemory()
    {
        if (_start == _end) _start = _end = 0;
        if (_buffer.Length == 0) _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(initialSize);
        if (_end == _buffer.Length && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length && _buffer.Length < maxSize)
        {
            var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(maxSize, _buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        return _buffer.AsMemory(_end);
    }

    public void Advance(int received) => _end += received;

    public void Consume(int count) => _start += count;

    /// <summary>Gives the array back to the pool when nothing is buffered; the next receive rents one again.</summary>
    public void ReleaseIfEmpty()
    {
        if (_start != _end || _buffer.Length == 0) return;
        System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = _end = 0;
    }
}
