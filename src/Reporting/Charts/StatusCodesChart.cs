using Bench.Reporting.Model;

namespace Bench.Reporting.Charts;

/// <summary>Responses by HTTP status code and failures by error kind (timeout, refused, reset ...), per target.</summary>
public static class StatusCodesChart
{
    public static ChartImage Render(string id, IEnumerable<ReportCell> cells) =>
        CountsChart.Render(id, "Status codes and error kinds", cells, c => Read(c), "responses / errors");

    private static IEnumerable<(string, long)> Read(ReportCell cell)
    {
        if (cell.Result is not { } r) yield break;
        foreach (var (code, n) in r.Totals.StatusCodes) yield return (code, n);
        foreach (var (kind, n) in r.Totals.Errors) yield return (kind, n);
    }
}
