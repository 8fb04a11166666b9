using Bench.Load.Engine;
using Bench.Load.Vocabulary;

namespace Bench.Load.Code;

/// <summary>
/// A request of a code scenario failed: no complete response (refused, reset, timeout...) or a
/// 4xx/5xx status. Thrown out of the scenario function, it fails the iteration (and the step it
/// ran in) under <see cref="Kind"/>, the same error names the CLI reports; catch it to treat a
/// status as expected.
/// </summary>
public sealed class RequestFailedException(string request, ErrorKind kind, int status)
    : Exception($"{request}: {ErrorKinds.Name(kind)}{(status > 0 ? $" (status {status})" : "")}")
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>The response status when one arrived (4xx/5xx, or 101 refused for a WebSocket); 0 otherwise.</summary>
    public int Status { get; } = status;
}
