using Bench.LoadGen.Reporting.Charts;
using Bench.LoadGen.Reporting.Model;

namespace Bench.LoadGen.Reporting;

/// <summary>One section of the page: a claim (or "all cells" when a file has no claims), its cells and its rendered charts.</summary>
public sealed record ReportSection(string Anchor, string Title, ReportClaim? Claim, IReadOnlyList<ReportCell> Cells, IReadOnlyList<ChartImage> Charts);
