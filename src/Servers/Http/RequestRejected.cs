namespace Bench.Servers.Http;

/// <summary>
/// A request the server refuses: carries the status to answer with. After it the connection is closed,
/// because the parser no longer knows where the next request starts.
/// </summary>
public sealed class RequestRejected(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;

    public static RequestRejected BadRequest(string reason) => new(400, reason);
}
