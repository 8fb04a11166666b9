using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Bench.Load.Metrics;

namespace Bench.Load.Scenarios.Net;

/// <summary>
/// A parsed response head and whatever body bytes arrived with it. <see cref="Buffer"/> is
/// rented: the stream that consumes the leftover returns it (see <see cref="SocketStream"/>).
/// </summary>
public readonly record struct HeadResult(ResponseHead Head, byte[] Buffer, int LeftoverOffset, int LeftoverCount, long FirstByteTimestamp);

/// <summary>Reads a response head from a socket into a small pooled buffer (1 KiB, growing to 16 KiB).</summary>
public static class HeadReader
{
    private const int InitialSize = 1024;
    private const int MaxHead = 16 * 1024;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<HeadResult> ReadAsync(Socket socket)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        int filled = 0;
        long firstByte = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxHead) throw new InvalidDataException("response head larger than 16 KiB");
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (n == 0) throw new IOException("the server closed the connection before a response");
                if (firstByte == 0) firstByte = Clock.Now;
                filled += n;
                int length = ResponseHead.HeadLength(buffer.AsSpan(0, filled));
                if (length < 0) continue;
                if (!ResponseHead.TryParse(buffer.AsSpan(0, length), out var head)) throw new InvalidDataException("malformed response head");
                var result = new HeadResult(head, buffer, length, filled - length, firstByte);
                buffer = null!;
                return result;
            }
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
