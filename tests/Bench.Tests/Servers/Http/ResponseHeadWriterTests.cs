using System.Buffers;
using System.Text;
using Bench.Servers.Http;
using Xunit;

namespace Bench.Tests.Servers.Http;

/// <summary>The response writer's bytes: status lines, fields, numbers and chunk framing at their edges.</summary>
public sealed class ResponseHeadWriterTests
{
    [Theory]
    [InlineData(200, null, "HTTP/1.1 200 OK\r\n")]
    [InlineData(101, null, "HTTP/1.1 101 Switching Protocols\r\n")]
    [InlineData(431, null, "HTTP/1.1 431 Request Header Fields Too Large\r\n")]
    [InlineData(599, null, "HTTP/1.1 599 \r\n")]
    [InlineData(200, "Fine \u00e9", "HTTP/1.1 200 Fine \u00e9\r\n")]
    public void Status_line_is_the_version_code_and_reason_in_latin1(int status, string? reason, string expected) =>
        Assert.Equal(expected, Written(w => ResponseHeadWriter.StatusLine(w, status, reason)));

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(long.MaxValue)]
    public void Numeric_fields_are_plain_decimal(long value) =>
        Assert.Equal($"Content-Length: {value}\r\n", Written(w => ResponseHeadWriter.Header(w, "Content-Length"u8, value)));

    [Fact]
    public void String_fields_are_latin1_and_byte_fields_are_copied()
    {
        Assert.Equal("X-A: caf\u00e9\r\n", Written(w => ResponseHeadWriter.Header(w, "X-A", "caf\u00e9")));
        Assert.Equal("x-b: \u00ff\r\n", Written(w => ResponseHeadWriter.Header(w, "x-b"u8, [0xFF])));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(15, "f")]
    [InlineData(16, "10")]
    [InlineData(4096, "1000")]
    [InlineData(int.MaxValue, "7fffffff")]
    public void Chunk_size_lines_are_lowercase_hex_with_crlf(int length, string hex) =>
        Assert.Equal(hex + "\r\n", Written(w => ResponseHeadWriter.ChunkStart(w, length)));

    [Fact]
    public void Chunk_start_fits_a_writer_that_gives_exactly_the_span_it_asks_for()
    {
        var w = new ExactWriter();
        ResponseHeadWriter.ChunkStart(w, int.MaxValue);
        ResponseHeadWriter.Header(w, "N"u8, long.MinValue);
        Assert.Equal("7fffffff\r\nN: " + long.MinValue + "\r\n", Encoding.Latin1.GetString(w.Written.ToArray()));
    }

    [Fact]
    public void Error_response_is_a_complete_closing_response_whose_length_matches_its_body()
    {
        var text = Encoding.Latin1.GetString(ErrorResponse.Build(413, "request body too large", "bench-wsgi"u8));
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..end].Split("\r\n");
        var body = text[(end + 4)..];
        Assert.Equal("HTTP/1.1 413 Payload Too Large", head[0]);
        Assert.Contains("Connection: close", head);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", head);
        Assert.Equal("request body too large\n", body);
        Assert.Equal("0\r\n\r\n", Encoding.Latin1.GetString(ResponseHeadWriter.LastChunk));
    }

    private static string Written(Action<ArrayBufferWriter<byte>> write)
    {
        var w = new ArrayBufferWriter<byte>(1);
        write(w);
        return Encoding.Latin1.GetString(w.WrittenSpan);
    }

    /// <summary>Returns spans of exactly the size asked for, so an off-by-one in a writer would throw.</summary>
    private sealed class ExactWriter : IBufferWriter<byte>
    {
        private byte[] _pending = [];
        public List<byte> Written { get; } = [];
        public void Advance(int count) => Written.AddRange(_pending.AsSpan(0, count).ToArray());
        public Memory<byte> GetMemory(int sizeHint = 0) => _pending = new byte[sizeHint];
        public Span<byte> GetSpan(int sizeHint = 0) => _pending = new byte[sizeHint];
    }
}
