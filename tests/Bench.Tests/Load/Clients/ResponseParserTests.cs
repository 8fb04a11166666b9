using Xunit;
using System.Text;
using Bench.Load.Clients;

namespace Bench.Tests.Load.Clients;

public sealed class ResponseParserTests
{
    /// <summary>Feeds the bytes in pieces of <paramref name="step"/>, keeping unconsumed bytes as the connection does.</summary>
    private static (ParseStatus Status, ResponseParser Parser) Feed(string text, int step, bool head = false)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var parser = new ResponseParser();
        parser.Reset(head);
        var pending = new List<byte>();
        var status = ParseStatus.NeedMore;
        for (int i = 0; i < bytes.Length && status == ParseStatus.NeedMore; i += step)
        {
            pending.AddRange(bytes.Skip(i).Take(step));
            status = parser.Parse(pending.ToArray(), out int consumed);
            pending.RemoveRange(0, consumed);
        }
        return (status, parser);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Content_length_body_completes_however_it_is_split(int step)
    {
        var (status, parser) = Feed("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nServer: x\r\n\r\nHello World", step);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(200, parser.StatusCode);
        Assert.Equal(11, parser.BodyBytes);
        Assert.True(parser.KeepAlive);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public void Chunked_body_with_extensions_and_trailers_completes(int step)
    {
        var (status, parser) = Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nHello\r\n6\r\n World\r\n0\r\nX-Trailer: y\r\n\r\n", step);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(11, parser.BodyBytes);
    }

    [Fact]
    public void Interim_100_continue_is_skipped()
    {
        var (status, parser) = Feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 3);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(201, parser.StatusCode);
    }

    [Fact]
    public void Head_and_204_have_no_body()
    {
        Assert.Equal(ParseStatus.Complete, Feed("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", 100, head: true).Status);
        Assert.Equal(ParseStatus.Complete, Feed("HTTP/1.1 204 No Content\r\n\r\n", 100).Status);
    }

    [Fact]
    public void Body_without_length_runs_to_close_and_ends_keep_alive()
    {
        var (status, parser) = Feed("HTTP/1.0 200 OK\r\n\r\nabc", 100);

        Assert.Equal(ParseStatus.NeedMore, status);
        Assert.False(parser.KeepAlive);
        Assert.Equal(ParseStatus.Complete, parser.Finish());
        Assert.Equal(3, parser.BodyBytes);
    }

    [Fact]
    public void Connection_close_ends_keep_alive()
    {
        var (_, parser) = Feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100);

        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void Close_mid_body_is_not_complete()
    {
        var (status, parser) = Feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", 100);

        Assert.Equal(ParseStatus.NeedMore, status);
        Assert.Equal(ParseStatus.Error, parser.Finish());
    }

    [Theory]
    [InlineData("HTTX/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    public void Malformed_responses_are_errors(string text)
    {
        Assert.Equal(ParseStatus.Error, Feed(text, 4096).Status);
    }
}
