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
        var buffer = ByteBuffer.Allocate(Convert.FromBase64String(base64));
        return HistogramEncoding.DecodeFromCompressedByteBuffer(buffer, 0);
    }
}
