using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Bench.Servers.Http;
using CsCheck;
using Xunit;
using static Bench.Tests.Servers.Http.ParserHarness;

namespace Bench.Tests.Servers.Http;

/// <summary>
/// Properties over generated messages (CsCheck): a valid request parses the same however it is split
/// across reads, and heads, chunked bodies and WebSocket frames survive serialise → parse unchanged.
/// </summary>
public sealed class ByteLevelPropertyTests
{
    private static readonly HttpLimits Limits = new();

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    private static readonly Gen<string> Token = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"], 1, 12];
    private static readonly Gen<string> Value = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789 !\"#$%&'()*+,-./:;<=>?@[]^_`{|}~\t"], 0, 40]
        .Select(v => v.Trim(' ', '\t'));

    /// <summary>A request head: method, target, extra header fields (never ones that change framing).</summary>
    private static readonly Gen<(string Method, string Target, List<(string Name, string Value)> Fields)> Request =
        from method in Gen.Int[0, Methods.Length - 1].Select(i => Methods[i])
        from path in Token.List[0, 4]
        from query in Gen.String[Gen.Char["abc=&%20xyz"], 0, 20]
        from fields in Gen.Select(Token.Where(IsPlainField), Value).List[0, 12]
        select (method, "/" + string.Join('/', path) + (query.Length > 0 ? "?" + query : ""), fields);

    private static bool IsPlainField(string name) =>
        !new[] { "host", "content-length", "transfer-encoding", "expect", "connection", "upgrade" }.Contains(name.ToLowerInvariant());

    private static string Serialise((string Method, string Target, List<(string Name, string Value)> Fields) r, string body) =>
        $"{r.Method} {r.Target} HTTP/1.1\r\nHost: test\r\n" + string.Concat(r.Fields.Select(f => $"{f.Name}: {f.Value}\r\n")) +
        (body.Length > 0 ? $"Content-Length: {body.Length}\r\n" : "") + "\r\n" + body;

    [Fact]
    public void Any_split_of_a_valid_request_across_reads_parses_identically()
    {
        Gen.Select(Request, Gen.String[Gen.Char.AlphaNumeric, 0, 200], Gen.Int[1, 1000].List[1, 6]).Sample((request, body, cuts) =>
        {
            var message = Bytes(Serialise(request, body));
            Assert.True(RequestHeadParser.TryParse(message, Limits, out var whole, out int headLength));
            var points = cuts.Select(c => c % (message.Length + 1)).Append(message.Length).Order().Distinct().ToList();

            // Arrival by arrival, as a connection parses: nothing until the whole head is in, then the same head.
            RequestHead? head = null;
            int start = 0;
            foreach (var end in points)
            {
                if (RequestHeadParser.TryParse(message.AsSpan(0, end), Limits, out var parsed, out int consumed))
                {
                    Assert.True(end >= headLength);
                    Assert.Equal(headLength, consumed);
                    head ??= parsed;
                    start = end;
                    break;
                }
                Assert.True(end < headLength, $"no head after {end} of {headLength} head bytes");
            }
            Assert.NotNull(head);
            Assert.Equal(Describe(whole), Describe(head));

            // The body, split at the same points, decodes to what was sent.
            var bodyParts = points.Where(p => p > headLength).Prepend(headLength).Append(message.Length).Distinct().ToList();
            var parts = bodyParts.Zip(bodyParts.Skip(1), (a, b) => message[a..b]).ToList();
            var (decoded, complete, leftover) = Decode(new BodyDecoder(head, Limits), parts);
            Assert.True(complete);
            Assert.Equal(0, leftover);
            Assert.Equal(body, Encoding.Latin1.GetString(decoded));
        }, iter: 500);
    }

    [Fact]
    public void Request_heads_round_trip_serialise_then_parse()
    {
        Request.Sample(request =>
        {
            Assert.True(RequestHeadParser.TryParse(Bytes(Serialise(request, "")), Limits, out var head, out _));
            Assert.Equal(request.Method, head.Method);
            Assert.Equal(request.Target, head.RawTarget);
            Assert.Equal(request.Fields.Prepend((Name: "Host", Value: "test")).Select(f => f.Name + "=" + f.Value), head.Headers.Select(f => f.Key + "=" + f.Value));
        }, iter: 500);
    }

    [Fact]
    public void Chunked_bodies_round_trip_through_the_writer_and_the_decoder()
    {
        Gen.Select(Gen.Byte.Array[0, 3000].List[0, 8], Gen.Int[1, 5000].List[1, 5]).Sample((chunks, cuts) =>
        {
            var w = new ArrayBufferWriter<byte>();
            foreach (var chunk in chunks.Where(c => c.Length > 0))
            {
                ResponseHeadWriter.ChunkStart(w, chunk.Length);
                ResponseHeadWriter.Write(w, chunk);
                ResponseHeadWriter.ChunkEnd(w);
            }
            ResponseHeadWriter.Write(w, ResponseHeadWriter.LastChunk);
            var wire = w.WrittenSpan.ToArray();
            var points = cuts.Select(c => c % (wire.Length + 1)).Append(0).Append(wire.Length).Order().Distinct().ToList();
            var parts = points.Zip(points.Skip(1), (a, b) => wire[a..b]).ToList();
            var limits = new HttpLimits { MaxBodyBytes = 1 << 20 };
            var (decoded, complete, leftover) = Decode(new BodyDecoder(ChunkedHead(limits), limits), parts);
            Assert.True(complete);
            Assert.Equal(0, leftover);
            Assert.Equal(chunks.SelectMany(c => c).ToArray(), decoded);
        }, iter: 300);
    }

    [Fact]
    public void WebSocket_frames_round_trip_from_a_client_through_the_guard_and_reader()
    {
        const int max = 1 << 20;
        var message = Gen.Select(Gen.Bool, Gen.OneOf(Gen.Byte.Array[0, 200], Gen.Byte.Array[60_000, 70_000]));
        message.List[1, 5].Sample(messages =>
        {
            // The BCL's client side writes masked frames (lengths of 7, 16 and 64 bits) into a buffer ...
            var wire = new MemoryStream();
            using (var client = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero }))
            {
                foreach (var (text, payload) in messages)
                {
                    var data = text ? Encoding.UTF8.GetBytes(Convert.ToBase64String(payload)) : payload;
                    client.SendAsync(data, text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, default).GetAwaiter().GetResult();
                }
            }
            // ... which the server reads back through the frame guard, message by message.
            using var guard = new WebSocketInputGuard(new MemoryStream(wire.ToArray()), _ => ValueTask.CompletedTask, max);
            using var server = WebSocket.CreateFromStream(guard, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            foreach (var (text, payload) in messages)
            {
                var received = WebSocketMessageReader.ReceiveAsync(server, max, guard).AsTask().GetAwaiter().GetResult();
                Assert.Equal(text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, received.Type);
                Assert.Equal(text ? Encoding.UTF8.GetBytes(Convert.ToBase64String(payload)) : payload, received.Data);
            }
            Assert.False(guard.TooBig);
        }, iter: 100);
    }

    private static string Describe(RequestHead h) =>
        $"{h.Method} {h.RawTarget} {h.HttpVersion} {h.Framing} {h.ContentLength} {h.KeepAlive} " + string.Join("|", h.Headers.Select(f => f.Key + "=" + f.Value));
}
