using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace Bench.Suites.Claims.Statistics;

/// <summary>
/// An ordinary least-squares line y = a + b·x through every valid repeat, with the slope's standard
/// error; <see cref="Difference"/> compares two slopes (Welch's t with Satterthwaite's degrees of
/// freedom), which is what "grows faster than" means with noise.
/// </summary>
public sealed record SlopeFit(double Slope, double Intercept, double StandardError, int Points, int Levels)
{
    public double DegreesOfFreedom => Points - 2;

    public static SlopeFit? Of(IReadOnlyList<(double X, double Y)> points)
    {
        int levels = points.Select(p => p.X).Distinct().Count();
        if (points.Count < 3 || levels < 2) return null;
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        double sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        double slope = sxy / sxx, intercept = my - slope * mx;
        double sse = points.Sum(p => Math.Pow(p.Y - intercept - slope * p.X, 2));
        double se = Math.Sqrt(sse / (points.Count - 2) / sxx);
        return new SlopeFit(slope, intercept, se, points.Count, levels);
    }

    public Interval Interval(double confidence = RatioInterval.DefaultConfidence) =>
        Around(Slope, StandardError, DegreesOfFreedom, confidence);

    /// <summary>This slope minus <paramref name="other"/>, with a Welch interval.</summary>
    public Interval Difference(SlopeFit other, double confidence = RatioInterval.DefaultConfidence)
    {
        double v1 = StandardError * StandardError, v2 = other.StandardError * other.StandardError;
        double se = Math.Sqrt(v1 + v2);
        double df = v1 + v2 == 0 ? DegreesOfFreedom + other.DegreesOfFreedom
            : (v1 + v2) * (v1 + v2) / (v1 * v1 / DegreesOfFreedom + v2 * v2 / other.DegreesOfFreedom);
        return Around(Slope - other.Slope, se, df, confidence);
    }

    private static Interval Around(double estimate, double se, double df, double confidence)
    {
        if (df < 1) return new Interval(estimate, null, null, confidence, "too few points for an interval");
        double t = new StudentDistribution(df).Quantile(1 - (1 - confidence) / 2);
        return new Interval(estimate, estimate - t * se, estimate + t * se, confidence, "least squares, Student t");
    }
}
