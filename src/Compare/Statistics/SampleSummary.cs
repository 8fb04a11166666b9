namespace Bench.Compare.Statistics;

/// <summary>
/// One side's values of one metric in one cell. <see cref="Cv"/> (standard deviation over mean)
/// is the run-to-run noise a reader needs to judge any verdict; medians, not means, carry the
/// ratio because one stalled trial on a shared runner would drag a mean.
/// </summary>
public sealed record SampleSummary(IReadOnlyList<double> Values)
{
    public int N => Values.Count;

    public double Median => Quantile(0.5);

    public double Min => Values.Count == 0 ? double.NaN : Values.Min();

    public double Max => Values.Count == 0 ? double.NaN : Values.Max();

    public double Mean => Values.Count == 0 ? double.NaN : Values.Average();

    public double Cv
    {
        get
        {
            if (Values.Count < 2) return double.NaN;
            double mean = Mean;
            double variance = Values.Sum(v => (v - mean) * (v - mean)) / (Values.Count - 1);
            return mean == 0 ? double.NaN : Math.Sqrt(variance) / Math.Abs(mean);
        }
    }

    /// <summary>Linear interpolation between order statistics (type 7, R's and NumPy's default).</summary>
    public double Quantile(double p)
    {
        if (Values.Count == 0) return double.NaN;
        var sorted = Values.Order().ToArray();
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
