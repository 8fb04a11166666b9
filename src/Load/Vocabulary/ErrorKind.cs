namespace Bench.Load.Vocabulary;

/// <summary>
/// Why an iteration failed. One taxonomy for every protocol (docs/ARCHITECTURE.md §3), so a report can
/// put HTTP, SSE and WebSocket failures side by side. Names in results come from <see cref="ErrorKinds.Name"/>.
/// </summary>
public enum ErrorKind
{
    None = 0,
    /// <summary>The connection was actively refused (nothing listening, or the backlog is full and the kernel says so).</summary>
    Refused,
    /// <summary>The peer reset or closed the connection before the response was complete.</summary>
    Reset,
    ConnectTimeout,
    /// <summary>The response did not complete within the timeout (read timeout).</summary>
    Timeout,
    /// <summary>The peer sent bytes that are not a valid response.</summary>
    Protocol,
    /// <summary>A complete response with status 4xx or 5xx.</summary>
    HttpStatus,
    /// <summary>The run stopped (graceful stop exceeded, Ctrl-C) while the iteration was in flight.</summary>
    Interrupted,
    /// <summary>The generator ran out of descriptors or ephemeral ports: the run is invalid.</summary>
    Exhausted,
    /// <summary>A code scenario's own code threw; results count the exception's type too.</summary>
    Exception,
    /// <summary>A stream the server ended (cleanly, or with a FIN mid-body) before it should have: no reset happened.</summary>
    EndedEarly,
    Other,
}

public static class ErrorKinds
{
    public const int Count = (int)ErrorKind.Other + 1;

    public static string Name(ErrorKind kind) => kind switch
    {
        ErrorKind.None => "none",
        ErrorKind.Refused => "refused",
        ErrorKind.Reset => "reset",
        ErrorKind.ConnectTimeout => "connect-timeout",
        ErrorKind.Timeout => "timeout",
        ErrorKind.Protocol => "protocol",
        ErrorKind.HttpStatus => "http-status",
        ErrorKind.Interrupted => "interrupted",
        ErrorKind.Exhausted => "exhausted",
        ErrorKind.Exception => "exception",
        ErrorKind.EndedEarly => "ended-early",
        _ => "other",
    };
}
