using System.Text;
using Bench.Load.Clients;
using Bench.Load.Scenarios.Sessions;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

public sealed class WireParsingTests
{
    [Fact]
    public void Chunked_decoder_removes_framing_in_place_even_when_split_at_every_byte()
    {
        var wire = Encoding.ASCII.GetBytes("5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n");
        var decoder = new ChunkedDecoder();
        var output = new List<byte>();
        foreach (byte b in wire)
        {
            var one = new[] { b };
            int n = decoder.Decode(one);
            output.AddRange(one.Take(n));
        }
        Assert.False(decoder.Failed);
        Assert.True(decoder.IsDone);
        Assert.Equal("helloabcdefghijklmnopqrstuvwxyz", Encoding.ASCII.GetString(output.ToArray()));

        var whole = new ChunkedDecoder();
        var buffer = (byte[])wire.Clone();
        int count = whole.Decode(buffer);
        Assert.Equal("helloabcdefghijklmnopqrstuvwxyz", Encoding.ASCII.GetString(buffer, 0, count));
    }

    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("5\r\nhelloXX")]
    [InlineData("1234567890ABCDEF0\r\n")]
    public void Chunked_decoder_rejects_malformed_framing(string wire)
    {
        var decoder = new ChunkedDecoder();
        decoder.Decode(Encoding.ASCII.GetBytes(wire));
        Assert.True(decoder.Failed);
    }

    [Fact]
    public void Response_head_gives_status_framing_and_websocket_accept()
    {
        var sse = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\nleftover");
        var head = new ResponseParser();
        Assert.Equal(ParseStatus.Complete, head.ParseHead(sse, out int length));
        Assert.Equal((200, BodyFraming.Chunked), (head.StatusCode, head.Framing));
        Assert.Equal("leftover", Encoding.ASCII.GetString(sse, length, sse.Length - length));

        var key = "dGhlIHNhbXBsZSBub25jZQ==";
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketSession.ExpectedAccept(key)); // RFC 6455 §1.3's example
        var upgrade = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");
        var ws = new ResponseParser();
        Assert.Equal(ParseStatus.Complete, ws.ParseHead(upgrade, out _));
        Assert.Equal((101, true, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", BodyFraming.None), (ws.StatusCode, ws.UpgradeWebSocket, ws.WebSocketAccept, ws.Framing));
        var bad = new ResponseParser();
        Assert.Equal(ParseStatus.Error, bad.ParseHead("HTTX/1.1 200 OK\r\n\r\n"u8, out _));
    }

    [Theory]
    [InlineData("{\"seq\":7,\"t_us\":123456}", 7, 123456)]
    [InlineData("{\"room\":\"r\",\"seq\":42,\"t_us\":99,\"msg\":\"seq\"}", 42, 99)]
    public void Stamped_json_reads_seq_and_server_time_without_a_dom(string json, long seq, long t)
    {
        Assert.True(StampedJson.TryRead(Encoding.UTF8.GetBytes(json), out long s, out long tu));
        Assert.Equal((seq, t), (s, tu));
        Assert.False(StampedJson.TryRead("{\"x\":1}"u8, out _, out _));
    }

    [Fact]
    public void Source_addresses_expand_loopback_ranges_and_refuse_others()
    {
        Assert.True(SourceAddresses.TryParse("127.0.0.2-127.0.0.20", out var sources, out _));
        Assert.Equal(19, sources.Count);
        Assert.Equal("127.0.0.2", sources.Next()!.ToString());
        Assert.Equal("127.0.0.3", sources.Next()!.ToString());
        Assert.False(SourceAddresses.TryParse("10.0.0.1", out _, out string why));
        Assert.Contains("not a loopback", why);
        Assert.False(SourceAddresses.TryParse("127.0.0.9-127.0.0.2", out _, out _));
    }
}
