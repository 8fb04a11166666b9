using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace Bench.Load.Metrics;

/// <summary>
/// Lossless text form of a histogram: HdrHistogram's compressed V2 encoding in base64, the same
/// payload HdrHistogram log files carry, so other HdrHistogram tools can decode it.
/// </summary>
public static class HistogramCodec
{
    public static string Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity() + 64);
        int length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        // ByteBuffer keeps its array private; reading it back byte by byte is the public way out.
        var bytes = new byte[length];
        buffer.Position = 0;
        for (int i = 0; i < length; i++) bytes[i] = buffer.Get();
        return Convert.ToBase64String(bytes);
    }

    public static HistogramBase Decode(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        // HdrHistogram's own DecodeFromCompressedByteBuffer inflates with a single DeflateStream.Read, which may
        // return less than it asked for once a histogram has many buckets ("The buffer does not contain the
        // indicated payload amount", seen on a 16,667-stream SSE lag histogram). So inflate here, in full, and
        // decode the plain form. Layout: compressed cookie, compressed length, then a zlib stream (2-byte header).
        int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
        using var inflater = new DeflateStream(new MemoryStream(bytes, 10, length - 2), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflater.CopyTo(plain);
        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(plain.ToArray()), 0, null!);
    }
}
