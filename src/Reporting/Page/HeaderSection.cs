using System.Globalization;
using Bench.Reporting.Model;

namespace Bench.Reporting.Page;

/// <summary>Title and the facts needed to trust or compare the numbers: when, which commit, which machine, pinning.</summary>
public static class HeaderSection
{
    public static void Write(StringWriter w, ReportRun run)
    {
        w.WriteLine($"<header><h1>Bench report: {Html.Text(run.SuiteName ?? "single run")}</h1>");
        w.WriteLine("<div class=\"meta\"><dl>");
        Row(w, "run", run.RunId);
        Row(w, "date", Span(run));
        Row(w, "status", run.Status);
        Row(w, "git commit", run.GitCommit);
        if (run.Machine is { } m)
        {
            Row(w, "machine", Join(m.Hostname, m.CpuModel, m.LogicalCores is { } c ? $"{c} logical CPUs" : null, m.MemoryBytes is { } b ? Units.Bytes(b) + " RAM" : null));
            Row(w, "os", Join(m.Os, m.Kernel));
            Row(w, ".NET", Join(m.Runtime, m.GcMode is { } gc ? gc + " GC" : null));
        }
        Row(w, "pinning", run.Pinning);
        Row(w, "suite", run.SuiteName);
        Row(w, "cells", $"{run.Cells.Count} ({run.Cells.Count(c => c.Result is not null)} with results)");
        Row(w, "source", run.Source);
        w.WriteLine("</dl></div></header>");
    }

    private static void Row(StringWriter w, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        w.WriteLine($"<dt>{Html.Text(name)}</dt><dd>{Html.Text(value)}</dd>");
    }

    private static string? Span(ReportRun run)
    {
        if (run.StartedAt is not { } start) return null;
        string s = start.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", CultureInfo.InvariantCulture);
        return run.EndedAt is { } end ? $"{s}, {(end - start).TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min" : s;
    }

    private static string Join(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
