using System.Buffers.Binary;
using System.Text;
using Bench.Load.Scenarios.Sessions;
using Bench.Load.Scenarios.Sse;
using Xunit;

namespace Bench.Tests.Load.Scenarios;

/// <summary>The stream framings the sessions parse in borrowed buffers: every split point gives the same result.</summary>
public sealed class FramingTests
{
    private sealed class Frames : IWebSocketSink
    {
        public List<string> Seen { get; } = [];

        public void OnMessage(ReadOnlySpan<byte> payload, bool text) => Seen.Add((text ? "text:" : "binary:") + Encoding.ASCII.GetString(payload));

        public void OnPing(ReadOnlySpan<byte> payload) => Seen.Add("ping:" + Encoding.ASCII.GetString(payload));

        public void OnClose(int code) => Seen.Add($"close:{code}");
    }

    private static byte[] ServerFrame(byte first, string payload)
    {
        var body = Encoding.ASCII.GetBytes(payload);
        return body.Length <= 125 ? [first, (byte)body.Length, .. body] : [first, 126, (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    [Fact]
    public void Server_frames_split_at_every_byte_give_the_same_messages()
    {
        byte[] wire =
        [
            .. ServerFrame(0x82, "binary one"),
            .. ServerFrame(0x01, "frag"), .. ServerFrame(0x89, "p"), .. ServerFrame(0x80, "mented"),
            .. ServerFrame(0x81, new string('L', 300)),
            0x88, 5, 0x03, 0xE9, (byte)'b', (byte)'y', (byte)'e', // close 1001 "bye"
        ];
        for (int split = 0; split <= wire.Length; split++)
        {
            var reader = new WebSocketFrameReader(4096);
            var sink = new Frames();
            var buffer = new byte[wire.Length];
            foreach (var piece in new[] { wire[..split], wire[split..] })
            {
                int carried = reader.Restore(buffer);
                piece.CopyTo(buffer, carried);
                reader.Feed(buffer.AsSpan(0, carried + piece.Length), sink);
            }
            Assert.Equal(["binary:binary one", "ping:p", "text:fragmented", "text:" + new string('L', 300), "close:1001"], sink.Seen);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x81, 1, 2, 3, 4, 5 })] // masked by the server
    [InlineData(new byte[] { 0xC1, 0x00 })] // RSV1 without an extension
    [InlineData(new byte[] { 0x80, 0x00 })] // a continuation without a message
    [InlineData(new byte[] { 0x09, 0x00 })] // a fragmented control frame
    public void Frames_a_server_must_not_send_are_refused(byte[] wire)
    {
        Assert.Throws<InvalidDataException>(() => new WebSocketFrameReader(4096).Feed(wire, new Frames()));
    }

    [Fact]
    public void Client_frames_are_masked_and_unmask_to_the_payload()
    {
        var payload = Encoding.ASCII.GetBytes("Hello, masked world: longer than eight bytes");
        var frame = new byte[payload.Length + WebSocketFrames.MaxHeader];
        int n = WebSocketFrames.Write(frame, WebSocketFrames.Text, payload, 0xA1B2C3D4);
        Assert.Equal(2 + 4 + payload.Length, n);
        Assert.Equal(0x81, frame[0]);
        Assert.Equal(0x80 | payload.Length, frame[1]);
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(2)));
        var body = frame.AsSpan(6, payload.Length).ToArray();
        Assert.NotEqual(payload, body);
        WebSocketFrames.ApplyMask(body, 0xA1B2C3D4);
        Assert.Equal(payload, body);
    }

    private sealed class Events : ISseSink
    {
        public List<string> Seen { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> data) => Seen.Add(Encoding.UTF8.GetString(data));
    }

    [Fact]
    public void Sse_events_split_at_every_byte_give_the_same_events_ids_and_retry()
    {
        var wire = Encoding.ASCII.GetBytes(": comment\nretry: 1500\n\nid: 7\ndata: {\"seq\":7}\n\nid: 8\r\ndata: a\r\ndata: b\r\n\r\nevent: x\ndata\n\n");
        for (int split = 0; split <= wire.Length; split++)
        {
            var reader = new SseEventReader();
            var sink = new Events();
            var buffer = new byte[wire.Length];
            foreach (var piece in new[] { wire[..split], wire[split..] })
            {
                int carried = reader.Restore(buffer);
                piece.CopyTo(buffer, carried);
                Assert.True(reader.Feed(buffer.AsSpan(0, carried + piece.Length), sink));
            }
            Assert.Equal(["{\"seq\":7}", "a\nb", ""], sink.Seen);
            Assert.Equal(8, reader.LastEventId);
            Assert.Equal(TimeSpan.FromMilliseconds(1500), reader.Retry);
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void An_unfinished_sse_event_is_kept_up_to_its_limit(int over, bool kept)
    {
        var wire = Encoding.ASCII.GetBytes("data: " + new string('x', SseEventReader.MaxEvent - 6 + over));
        Assert.Equal(kept, new SseEventReader().Feed(wire, new Events()));
    }
}
