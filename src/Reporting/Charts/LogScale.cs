using ScottPlot;
using ScottPlot.TickGenerators;

namespace Bench.Reporting.Charts;

/// <summary>
/// ScottPlot 5 has no log axis type: its cookbook recipe plots log10 of the data and labels the
/// ticks with 10^tick. A scale is logarithmic only when the data span at least two decades,
/// where a linear axis would flatten everything but the largest values.
/// </summary>
public static class LogScale
{
    public static bool SpansDecades(IEnumerable<double> values)
    {
        double min = double.MaxValue, max = 0;
        foreach (double v in values)
        {
            if (v <= 0 || double.IsNaN(v) || double.IsInfinity(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return max > 0 && max / min >= 100;
    }

    /// <summary>log10, with zero and negatives (which a log axis cannot show) clamped to a tenth of the floor.</summary>
    public static double Transform(double value, double floor = 0.001) => Math.Log10(Math.Max(value, floor / 10));

    public static void Apply(IAxis axis, Func<double, string> format)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = tick => format(Math.Pow(10, tick)),
        };
    }
}
