namespace Bench.Load.Scenarios.Sessions;

/// <summary>
/// One read buffer per thread, as wrk keeps one per event loop: a session waits for readiness
/// holding no buffer, then reads into this one and is done with it before it awaits again, so
/// thousands of idle streams share a few buffers instead of holding one each.
/// </summary>
internal static class BorrowedBuffer
{
    /// <summary>Bytes one read may take.</summary>
    public const int ReadSize = 16 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>This thread's buffer: <paramref name="carried"/> bytes of room in front for what a reader kept from its last read, then <see cref="ReadSize"/>.</summary>
    public static byte[] Get(int carried)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < carried + ReadSize) t_buffer = buffer = new byte[Math.Max(carried + ReadSize, 4 * ReadSize)];
        return buffer;
    }
}
