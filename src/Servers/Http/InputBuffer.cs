namespace Bench.Servers.Http;

/// <summary>
/// The bytes received on a connection and not yet consumed. Grows up to a cap (the largest head the
/// limits allow, plus room), so a peer can never make the server buffer without bound.
/// </summary>
public sealed class InputBuffer(int initialSize, int maxSize)
{
    private byte[] _buffer = new byte[initialSize];
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
        if (_end == _buffer.Length && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length && _buffer.Length < maxSize)
        {
            Array.Resize(ref _buffer, Math.Min(maxSize, _buffer.Length * 2));
        }
        return _buffer.AsMemory(_end);
    }

    public void Advance(int received) => _end += received;

    public void Consume(int count) => _start += count;
}
