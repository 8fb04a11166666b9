using System.Globalization;
using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// Do the twins behave like the servers they model (issue 9)? Pairs each twin run with
/// <c>gil</c> with the peer of its model (same pool for WSGI) in the same group, lines up the
/// cells they share, and says from the figures where the shapes agree — the pool's cap at
/// threads ÷ wait, the loop's scaling, who holds how many streams — and where they differ.
/// The thresholds are the claims' own (<see cref="Rules.IoWaitClaim"/>, <see cref="Rules.SseClaim"/>) plus <see cref="SameBand"/>;
/// nothing here is a hard-coded expectation about which side wins.
/// </summary>
public static class Fidelity
{
    /// <summary>Two figures "match" when neither is more than this times the other.</summary>
    public const double SameBand = 1.25;

    public static FidelityReport Of(IReadOnlyList<CellResult> cells) =>
        Analyze(FidelityInput.Targets(cells), FidelityInput.Points(cells));

    public static FidelityReport Analyze(IReadOnlyList<FidelityTarget> targets, IReadOnlyList<FidelityPoint> points)
    {
        var byName = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var pairs = new List<(FidelityTarget Twin, FidelityTarget Peer, List<FidelityRow> Rows)>();
        foreach (var group in points.GroupBy(p => p.Group, StringComparer.Ordinal))
        {
            var inGroup = group.Select(p => p.Target).Distinct().Where(byName.ContainsKey).Select(n => byName[n]).ToList();
            foreach (var twin in inGroup.Where(t => t.IsTwin))
                foreach (var peer in inGroup.Where(p => p.IsPeer && p.Model == twin.Model && SamePool(twin, p)))
                {
                    var entry = pairs.FirstOrDefault(x => x.Twin == twin && x.Peer == peer);
                    if (entry.Rows is null)
                    {
                        entry = (twin, peer, []);
                        pairs.Add(entry);
                    }
                    entry.Rows.AddRange(Rows(twin, peer, group.ToList()));
                }
        }
        return new FidelityReport(pairs
            .OrderBy(p => p.Twin.Model == "wsgi" ? 0 : 1)
            .Select(p => Judge(p.Twin, p.Peer, p.Rows))
            .ToList());
    }

    // A WSGI pair compares like with like only at the same pool; an unknown pool (peer skipped
    // before its command line was recorded) does not block the pairing.
    private static bool SamePool(FidelityTarget twin, FidelityTarget peer) =>
        twin.Model != "wsgi" || twin.Pool is null || peer.Pool is null || twin.Pool == peer.Pool;

    private static IEnumerable<FidelityRow> Rows(FidelityTarget twin, FidelityTarget peer, List<FidelityPoint> group)
    {
        var mine = group.Where(p => p.Target == twin.Name || p.Target == peer.Name);
        foreach (var cell in mine.GroupBy(p => (p.Scenario, p.Connections)).OrderBy(g => g.First().IsStream).ThenBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Connections))
        {
            var t = cell.FirstOrDefault(p => p.Target == twin.Name);
            var r = cell.FirstOrDefault(p => p.Target == peer.Name);
            var any = t ?? r!;
            double? tv = Figure(t), rv = Figure(r);
            double? ratio = tv is { } a && rv is { } b && b > 0 ? a / b : null;
            string? note = t?.Missing is { } tm ? $"twin {tm}" : t is null ? "twin not in this group" : null;
            string? peerNote = r?.Missing is { } rm ? $"peer {rm}" : r is null ? "peer not in this group" : null;
            if (peerNote is not null) note = note is null ? peerNote : $"{note}; {peerNote}";
            yield return new FidelityRow(any.IsStream ? FidelityMeasures.Held : FidelityMeasures.Throughput, any.Scenario, any.ScenarioKind, any.Connections,
                tv, rv, ratio, Expected(twin, any), t?.CellId, r?.CellId, note);
        }
    }

    private static double? Figure(FidelityPoint? p) => p is null || p.Missing is not null ? null : p.IsStream ? p.Held : p.Throughput;

    /// <summary>What the model predicts: min(c, pool) ÷ wait for a pool, c ÷ wait for a loop, c streams asked for.</summary>
    private static double? Expected(FidelityTarget twin, FidelityPoint p)
    {
        if (p.IsStream) return p.Connections;
        if (p.WaitSeconds is not > 0) return null;
        return twin.Model == "wsgi" && twin.Pool is { } pool ? Math.Min(p.Connections, pool) / p.WaitSeconds.Value : p.Connections / p.WaitSeconds.Value;
    }

    private static FidelityPair Judge(FidelityTarget twin, FidelityTarget peer, List<FidelityRow> rows)
    {
        var agree = new List<string>();
        var differ = new List<string>();
        var both = rows.Where(r => r.Twin is not null && r.Peer is not null).ToList();
        var io = both.Where(r => r.Measure == FidelityMeasures.Throughput && r.Expected is not null).ToList();
        if (twin.Model == "wsgi") PoolCap(twin, peer, io, agree, differ);
        else LoopScaling(twin, peer, io, agree, differ);
        Ratios(peer, both.Where(r => r.Measure == FidelityMeasures.Throughput).ToList(), agree, differ);
        foreach (var scenario in both.Where(r => r.Measure == FidelityMeasures.Held).GroupBy(r => r.Scenario, StringComparer.Ordinal))
            Streams(twin, peer, scenario.Key, scenario.ToList(), agree, differ);
        // Silence would read as "not looked at": say so when the compared cells show no difference.
        if (differ.Count == 0 && both.Count > 0) differ.Add($"Nothing beyond the thresholds in the {both.Count} cells both measured.");
        var notCompared = rows.Where(r => r.Twin is null || r.Peer is null)
            .Select(r => $"{r.Scenario} at {N(r.Connections)}: {r.Note ?? "a side has no figure"}").ToList();
        return new FidelityPair(twin.Model, twin, peer, rows, agree, differ, notCompared);
    }

    // The pool's signature: at a concurrency above the pool, both within the claims' tolerance of
    // threads ÷ wait (Rules.IoWaitClaim.CapTolerance).
    private static void PoolCap(FidelityTarget twin, FidelityTarget peer, List<FidelityRow> io, List<string> agree, List<string> differ)
    {
        if (twin.Pool is not { } pool) return;
        var top = io.Where(r => r.Connections > pool).MaxBy(r => r.Connections);
        if (top is null) return;
        double cap = top.Expected!.Value;
        double tOff = Math.Abs(top.Twin!.Value - cap) / cap, pOff = Math.Abs(top.Peer!.Value - cap) / cap;
        bool tCapped = tOff <= Rules.IoWaitClaim.CapTolerance, pCapped = pOff <= Rules.IoWaitClaim.CapTolerance;
        string figures = $"at {N(top.Connections)} connections the twin serves {N(top.Twin.Value)} req/s ({tOff:P0} off), {peer.Name} {N(top.Peer.Value)} ({pOff:P0} off)";
        string capText = $"{pool} threads ÷ {Ms(cap, pool)} = {N(cap)} req/s";
        if (tCapped && pCapped) agree.Add($"I/O sweep: both cap near {capText}: {figures}.");
        else if (!tCapped && !pCapped) agree.Add($"I/O sweep: neither is within {Rules.IoWaitClaim.CapTolerance:P0} of {capText}: {figures}.");
        else differ.Add($"I/O sweep: {(tCapped ? "the twin" : peer.Name)} caps near {capText} but {(tCapped ? peer.Name : "the twin")} does not: {figures}.");
    }

    // The loop's signature: throughput grows with concurrency while requests wait, by the claims'
    // own bar (≥ 10×, or half the concurrency spread on a narrower sweep).
    private static void LoopScaling(FidelityTarget twin, FidelityTarget peer, List<FidelityRow> io, List<string> agree, List<string> differ)
    {
        if (io.Count < 2) return;
        var low = io.MinBy(r => r.Connections)!;
        var top = io.MaxBy(r => r.Connections)!;
        double needed = Math.Min(Rules.IoWaitClaim.AsgiGrowth, (double)top.Connections / low.Connections / 2);
        double tGrowth = top.Twin!.Value / Math.Max(1e-9, low.Twin!.Value), pGrowth = top.Peer!.Value / Math.Max(1e-9, low.Peer!.Value);
        bool tScales = tGrowth >= needed, pScales = pGrowth >= needed;
        string figures = $"from {N(low.Connections)} to {N(top.Connections)} connections the twin goes {N(low.Twin.Value)} → {N(top.Twin.Value)} req/s ({tGrowth:0.0}×), " +
            $"{peer.Name} {N(low.Peer.Value)} → {N(top.Peer.Value)} ({pGrowth:0.0}×; scaling means ≥ {needed:0.#}×)";
        if (tScales && pScales) agree.Add($"I/O sweep: both loops scale: {figures}.");
        else if (!tScales && !pScales) agree.Add($"I/O sweep: neither loop scales: {figures}.");
        else differ.Add($"I/O sweep: {(tScales ? "the twin" : peer.Name)} scales but {(tScales ? peer.Name : "the twin")} does not: {figures}.");
    }

    private static void Ratios(FidelityTarget peer, List<FidelityRow> rows, List<string> agree, List<string> differ)
    {
        var close = rows.Where(r => r.Ratio is { } x && x <= SameBand && x >= 1 / SameBand).ToList();
        if (close.Count > 0)
            agree.Add($"Throughput within ×{SameBand:0.##} of each other at {Join(close.Select(r => $"{r.Scenario} c={N(r.Connections)} ({r.Ratio:0.00})"))}.");
        foreach (var r in rows.Except(close).Where(r => r.Ratio is not null || r.Peer == 0))
            differ.Add(r.Ratio is { } x
                ? $"{r.Scenario} at {N(r.Connections)} connections: the twin serves {x:0.00}× {peer.Name}'s throughput ({N(r.Twin!.Value)} vs {N(r.Peer!.Value)} req/s)."
                : $"{r.Scenario} at {N(r.Connections)} connections: {peer.Name} served nothing, the twin {N(r.Twin!.Value)} req/s.");
    }

    private enum Hold { Refuses, All, Pool, Part }

    // Who holds how many: every stream asked for, the pool's worth, none (refused), or some.
    private static Hold Classify(FidelityTarget t, double held, int asked)
    {
        if (held <= 0) return Hold.Refuses;
        if (held >= Rules.SseClaim.HoldShare * asked) return Hold.All;
        if (t.Model == "wsgi" && t.Pool is { } pool && asked > pool && held <= Rules.SseClaim.PoolCapSlack * pool + 1) return Hold.Pool;
        return Hold.Part;
    }

    private static void Streams(FidelityTarget twin, FidelityTarget peer, string scenario, List<FidelityRow> rows, List<string> agree, List<string> differ)
    {
        foreach (var r in rows.OrderBy(r => r.Connections))
        {
            var (t, p) = (Classify(twin, r.Twin!.Value, r.Connections), Classify(peer, r.Peer!.Value, r.Connections));
            string figures = $"twin {N(r.Twin.Value)}, {peer.Name} {N(r.Peer.Value)} of {N(r.Connections)}";
            if (t == p)
                agree.Add($"{scenario} at {N(r.Connections)}: both {Describe(t, twin)}: {figures}.");
            else
                differ.Add($"{scenario} at {N(r.Connections)}: the twin {Describe(t, twin)}, {peer.Name} {Describe(p, peer)}: {figures}.");
        }
    }

    private static string Describe(Hold h, FidelityTarget t) => h switch
    {
        Hold.Refuses => "held none (refused or queued)",
        Hold.All => $"held at least {Rules.SseClaim.HoldShare:P0}",
        Hold.Pool => $"capped at the pool of {t.Pool} threads",
        _ => "held only part",
    };

    private static string Ms(double cap, int pool) => $"{pool / cap * 1000:0.#} ms";

    private static string N(double v) => v.ToString(v >= 100 || v == Math.Floor(v) ? "N0" : "N1", CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string> parts) => string.Join(", ", parts);
}
