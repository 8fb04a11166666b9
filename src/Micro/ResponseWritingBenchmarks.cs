using System.Buffers;
using BenchmarkDotNet.Attributes;
using Bench.Servers.App;
using Bench.Servers.Http;

namespace Bench.Micro;

/// <summary>Writing a response head and a chunk, and formatting one SSE event.</summary>
public class ResponseWritingBenchmarks
{
    private readonly ArrayBufferWriter<byte> _out = new(4096);

    [Benchmark]
    public int WriteHelloResponse()
    {
        _out.ResetWrittenCount();
        ResponseHeadWriter.StatusLine(_out, 200);
        ResponseHeadWriter.ServerFields(_out, "bench-asgi"u8, lowercase: true);
        ResponseHeadWriter.Header(_out, "content-type"u8, "text/plain; charset=utf-8"u8);
        ResponseHeadWriter.Header(_out, "content-length"u8, 11);
        ResponseHeadWriter.EndHead(_out);
        ResponseHeadWriter.Write(_out, DemoPayloads.HelloWorld);
        return _out.WrittenCount;
    }

    [Benchmark]
    public int WriteChunk()
    {
        _out.ResetWrittenCount();
        ResponseHeadWriter.ChunkStart(_out, DemoPayloads.HelloWorld.Length);
        ResponseHeadWriter.Write(_out, DemoPayloads.HelloWorld);
        ResponseHeadWriter.ChunkEnd(_out);
        return _out.WrittenCount;
    }

    [Benchmark]
    public byte[] FormatSseEvent() => SseEvents.Format(12345, first: false);
}
