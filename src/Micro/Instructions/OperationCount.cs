namespace Bench.Micro.Instructions;

/// <summary>One operation's phase counts over the rounds: instructions of the N phase and of the 2N phase, round by round.</summary>
public sealed class OperationCount(string name, int n)
{
    public string Name { get; } = name;

    public int N { get; } = n;

    /// <summary>Counted with every thread of the process summed (a request path), not its own thread alone (a micro-benchmark).</summary>
    public bool AllThreads { get; set; }

    public List<long> Short { get; } = [];

    public List<long> Long { get; } = [];

    public List<long> ShortBytes { get; } = [];

    public List<long> LongBytes { get; } = [];

    /// <summary>Bytes allocated per operation in the whole process, by the same difference (exact: allocation does not depend on timing).</summary>
    public double BytesPerOperation => (double)(LongBytes.Min() - ShortBytes.Min()) / N;

    /// <summary>(least 2N count − least N count) / N: see <see cref="InstructionRunner.PerOperation"/>.</summary>
    public double PerOperation => (double)(Long.Min() - Short.Min()) / N;

    /// <summary>
    /// How far the estimate moves with the rounds it is taken from: the relative difference between
    /// the estimate from the even rounds and from the odd ones, a within-process A/A of the figure
    /// (from half the rounds each, so if anything larger than the figure's own noise).
    /// </summary>
    public double Noise
    {
        get
        {
            if (Short.Count < 2) return double.NaN;
            double Estimate(int parity) =>
                (double)(Long.Where((_, i) => i % 2 == parity).Min() - Short.Where((_, i) => i % 2 == parity).Min()) / N;
            return Math.Abs(Estimate(0) - Estimate(1)) / Math.Abs(PerOperation);
        }
    }

    /// <summary>
    /// The same within-process A/A for <see cref="BytesPerOperation"/>, in bytes per operation:
    /// single-threaded operations allocate the same every time (0 here), but a request path whose
    /// async reads complete at once or later, on whichever pool thread, allocates by timing.
    /// </summary>
    public double BytesNoise
    {
        get
        {
            if (ShortBytes.Count < 2) return double.NaN;
            double Estimate(int parity) =>
                (double)(LongBytes.Where((_, i) => i % 2 == parity).Min() - ShortBytes.Where((_, i) => i % 2 == parity).Min()) / N;
            return Math.Abs(Estimate(0) - Estimate(1));
        }
    }

    /// <summary>Each round's own (2N − N) / N, for a reader judging the spread.</summary>
    public IEnumerable<double> Rounds => Short.Zip(Long, (s, l) => (double)(l - s) / N);
}
