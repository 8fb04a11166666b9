using Bench.Load.Vocabulary;

namespace Bench.Load.Metrics;

/// <summary>
/// Totals that only grow, updated with interlocked adds (no lock); the sampler reads them and
/// subtracts the previous reading to get per-second figures.
/// </summary>
public sealed class Counters
{
    private long _requests;
    private long _ok;
    private long _failed;
    private long _bytesRead;
    private long _bytesWritten;
    private long _lateDropped;
    private readonly long[] _errors = new long[ErrorKinds.Count];
    private readonly long[] _status = new long[600];

    public long Requests => Volatile.Read(ref _requests);
    public long Ok => Volatile.Read(ref _ok);
    public long Failed => Volatile.Read(ref _failed);
    public long BytesRead => Volatile.Read(ref _bytesRead);
    public long BytesWritten => Volatile.Read(ref _bytesWritten);
    public long LateDropped => Volatile.Read(ref _lateDropped);

    public long Errors(ErrorKind kind) => Volatile.Read(ref _errors[(int)kind]);

    public long Status(int code) => Volatile.Read(ref _status[code]);

    /// <summary>A response inside an iteration (code scenarios make several); the iteration itself then carries status 0.</summary>
    internal void CountStatus(int code)
    {
        if ((uint)code < (uint)_status.Length && code > 0) Interlocked.Increment(ref _status[code]);
    }

    internal void CountLateDropped() => Interlocked.Increment(ref _lateDropped);

    internal void Count(in IterationOutcome outcome)
    {
        Interlocked.Increment(ref _requests);
        if (outcome.Ok) Interlocked.Increment(ref _ok);
        else Interlocked.Increment(ref _failed);
        if (!outcome.Ok) Interlocked.Increment(ref _errors[(int)outcome.Error]);
        if ((uint)outcome.Status < (uint)_status.Length && outcome.Status > 0) Interlocked.Increment(ref _status[outcome.Status]);
        if (outcome.BytesRead != 0) Interlocked.Add(ref _bytesRead, outcome.BytesRead);
        if (outcome.BytesWritten != 0) Interlocked.Add(ref _bytesWritten, outcome.BytesWritten);
    }

    public Dictionary<string, long> ErrorTable()
    {
        var table = new Dictionary<string, long>();
        for (int i = 1; i < _errors.Length; i++)
        {
            long n = Volatile.Read(ref _errors[i]);
            if (n > 0) table[ErrorKinds.Name((ErrorKind)i)] = n;
        }
        return table;
    }

    public Dictionary<string, long> StatusTable()
    {
        var table = new Dictionary<string, long>();
        for (int i = 0; i < _status.Length; i++)
        {
            long n = Volatile.Read(ref _status[i]);
            if (n > 0) table[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = n;
        }
        return table;
    }
}
