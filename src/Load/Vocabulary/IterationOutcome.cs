namespace Bench.Load.Vocabulary;

/// <summary>
/// One iteration's measurements, in <see cref="System.Diagnostics.Stopwatch"/> ticks. The engine
/// turns them into latencies, because only it knows the intended start (open models).
/// </summary>
public readonly record struct IterationOutcome(
    long StartTimestamp,
    long FirstByteTimestamp,
    long EndTimestamp,
    long ConnectTicks,
    int Status,
    ErrorKind Error,
    long BytesRead,
    long BytesWritten)
{
    public bool Ok => Error == ErrorKind.None;
}
