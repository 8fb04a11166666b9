using Bench.Reporting.Charts;
using Bench.Reporting.Model;

namespace Bench.Reporting;

/// <summary>One section of the page: a claim (or "all cells" when a file has no claims), its cells and its rendered charts.</summary>
public sealed record ReportSection(string Anchor, string Title, ReportClaim? Claim, IReadOnlyList<ReportCell> Cells, IReadOnlyList<ChartImage> Charts);
