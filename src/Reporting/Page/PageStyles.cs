namespace Bench.Reporting.Page;

/// <summary>The page's only stylesheet, inlined: the report must open offline from a CI artifact, so no external CSS or fonts.</summary>
public static class PageStyles
{
    public const string Css = """
        :root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#ffffff; --soft:#f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 64px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 40px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        a { color: #0969da; }
        .meta { color: var(--muted); margin: 0 0 16px; }
        .meta dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
        .meta dt { font-weight: 600; color: var(--fg); }
        .meta dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; }
        td.num { text-align: right; white-space: nowrap; }
        .wide { overflow-x: auto; }
        table.claims td:first-child { white-space: nowrap; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; white-space: nowrap; color: #fff; }
        .v-supported { background: #1a7f37; }
        .v-not-supported { background: #cf222e; }
        .v-depends { background: #9a6700; }
        .v-inconclusive { background: #8250df; }
        .rule { font-size: 12px; color: var(--muted, #57606a); max-width: 46em; }
        .v-not-measured, .v-other { background: #6e7781; }
        .numbers { margin: 0; padding-left: 16px; }
        .numbers li { white-space: nowrap; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 12px; }
        figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: #fff; }
        svg.chart { width: 100%; height: auto; display: block; }
        .status-failed, .status-interrupted { color: #cf222e; font-weight: 600; }
        pre { background: var(--soft); border: 1px solid var(--line); padding: 10px; overflow: auto; max-height: 480px; font-size: 12px; }
        .note { color: var(--muted); }
        .error { white-space: pre-wrap; color: #82071e; }
        """;
}
