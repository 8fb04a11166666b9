using System.Text;
using BenchmarkDotNet.Attributes;
using Bench.Servers.Http;

namespace Bench.Micro;

/// <summary>The shared HTTP/1.1 parser on a wrk-like request head and on a browser-like one.</summary>
public class RequestParsingBenchmarks
{
    private static readonly HttpLimits Limits = new();
    private readonly byte[] _small = Encoding.ASCII.GetBytes("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n");
    private readonly byte[] _browser = Encoding.ASCII.GetBytes(
        "GET /users/42?wait_ms=50 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
        + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-GB,en;q=0.5\r\n"
        + "Accept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\nCookie: session=abcdef0123456789; theme=dark\r\n\r\n");
    private readonly byte[] _chunkedBody = Encoding.ASCII.GetBytes("400\r\n" + new string('x', 1024) + "\r\n0\r\n\r\n");
    private readonly byte[] _bodyOut = new byte[4096];
    private readonly RequestHead _chunkedHead;

    public RequestParsingBenchmarks()
    {
        RequestHeadParser.TryParse(Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"), Limits, out _chunkedHead, out _);
    }

    [Benchmark]
    public RequestHead ParseSmallHead()
    {
        RequestHeadParser.TryParse(_small, Limits, out var head, out _);
        return head;
    }

    [Benchmark]
    public RequestHead ParseBrowserHead()
    {
        RequestHeadParser.TryParse(_browser, Limits, out var head, out _);
        return head;
    }

    [Benchmark]
    public int DecodeChunkedBody()
    {
        var decoder = new BodyDecoder(_chunkedHead, Limits);
        return decoder.Decode(_chunkedBody, _bodyOut, out _);
    }
}
