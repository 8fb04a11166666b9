namespace Bench.Load.Code;

/// <summary>
/// A complete HTTP response as the fast client sees it: the body is counted, not kept (the
/// client parses responses in place and allocates nothing per request).
/// </summary>
public readonly record struct HttpReply(int Status, long BytesRead, TimeSpan Elapsed);
