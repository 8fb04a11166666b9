using System.Collections.Concurrent;
using System.Diagnostics;
using Bench.Reporting.Charts;
using Bench.Reporting.Markdown;
using Bench.Reporting.Model;
using Bench.Reporting.Page;

namespace Bench.Reporting;

/// <summary>What a report run wrote, and how long it took (the claims suite must report in under 5 s).</summary>
public sealed record ReportOutput(string Directory, string IndexPath, string SummaryPath, int Charts, TimeSpan Elapsed);

/// <summary>
/// Writes a report directory from a <see cref="ReportRun"/>: index.html, summary.md, charts/*.png,
/// hgrm/*.hgrm and (when the report goes elsewhere) a copy of the results file it was made from.
/// </summary>
public static class ReportGenerator
{
    public static ReportOutput Generate(ReportRun run, string resultsPath, string outDir)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        string resultsFile = LinkResults(resultsPath, outDir);

        var plans = PlanSections(run);
        // Charts are independent plots: render them on every core (ScottPlot plots share no state).
        var rendered = new ConcurrentDictionary<(int Section, int Chart), IReadOnlyList<ChartImage>>();
        var jobs = plans.SelectMany((p, s) => p.Factories.Select((f, c) => (s, c, f))).ToList();
        Parallel.ForEach(jobs, job => rendered[(job.s, job.c)] = job.f());
        var sections = plans.Select((p, s) => new ReportSection(p.Anchor, p.Title, p.Claim, p.Cells,
            Enumerable.Range(0, p.Factories.Count).SelectMany(c => rendered[(s, c)]).ToList())).ToList();

        string chartsDir = Path.Combine(outDir, "charts");
        Directory.CreateDirectory(chartsDir);
        Parallel.ForEach(sections.SelectMany(SummaryMarkdown.Shown), chart => File.WriteAllBytes(Path.Combine(chartsDir, chart.PngFileName), chart.RenderPng()));

        var hgrm = HgrmWriter.WriteAll(run.Cells, outDir);
        string index = Path.Combine(outDir, "index.html");
        File.WriteAllText(index, ReportPage.Build(run, sections, resultsFile, hgrm));
        string summary = Path.Combine(outDir, "summary.md");
        File.WriteAllText(summary, SummaryMarkdown.Build(run, sections, "charts"));
        return new ReportOutput(outDir, index, summary, sections.Sum(s => s.Charts.Count), clock.Elapsed);
    }

    private sealed record SectionPlan(string Anchor, string Title, ReportClaim? Claim, IReadOnlyList<ReportCell> Cells, IReadOnlyList<Func<IReadOnlyList<ChartImage>>> Factories);

    /// <summary>One section per claim with its group's cells and those its rule used; any others get an "other cells" section.</summary>
    private static List<SectionPlan> PlanSections(ReportRun run)
    {
        var byId = run.Cells.GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        var plans = new List<SectionPlan>();
        var covered = new HashSet<string>();
        foreach (var claim in run.Claims)
        {
            // The rule names the cells that decided it; the claim's whole group (every sweep point)
            // is charted, or a line would show only the one point the rule compared.
            var cells = claim.CellIds.Where(byId.ContainsKey).Select(id => byId[id])
                .Concat(run.Cells.Where(c => c.Claim == claim.Id)).Distinct().ToList();
            covered.UnionWith(cells.Select(c => c.Id));
            plans.Add(new SectionPlan(claim.Anchor, $"Claim {claim.Id}: {claim.Title}", claim, cells, ChartPlan.For(claim.Anchor, claim, cells)));
        }
        var rest = run.Cells.Where(c => !covered.Contains(c.Id)).ToList();
        if (rest.Count > 0)
        {
            string title = run.Claims.Count == 0 ? "All cells" : "Other cells";
            plans.Add(new SectionPlan("cells", title, null, rest, ChartPlan.For("cells", null, rest)));
        }
        return plans;
    }

    /// <summary>The page links the results by a relative name; copy the file in when the report is written elsewhere.</summary>
    private static string LinkResults(string resultsPath, string outDir)
    {
        string source = Path.GetFullPath(resultsPath);
        string name = Path.GetFileName(source);
        string target = Path.Combine(Path.GetFullPath(outDir), name);
        if (!string.Equals(source, target, StringComparison.Ordinal)) File.Copy(source, target, overwrite: true);
        return name;
    }
}
