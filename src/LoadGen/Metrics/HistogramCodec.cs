using HdrHistogram;
using HdrHistogram.Utilities;

namespace Bench.LoadGen.Metrics;

/// <summary>
/// Lossless text form of a histogram: HdrHistogram's compressed V2 encoding in base64, the same
/// payload HdrHistogram log files carry, so other HdrHistogram tools can decode it.
/// </summary>
public static class HistogramCodec
{
    public static string Encode(HistogramBase histogram)
    {
        var bytes = new byte[histogram.GetNeededByteBufferCapacity() + 64];
        var buffer = ByteBuffer.Allocate(bytes);
        int length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        return Convert.ToBase64String(bytes, 0, length);
    }

    public static HistogramBase Decode(string base64)
    {
        var buffer = ByteBuffer.Allocate(Convert.FromBase64String(base64));
        return HistogramEncoding.DecodeFromCompressedByteBuffer(buffer, 0);
    }
}
