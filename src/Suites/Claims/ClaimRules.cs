using System.Globalization;
using Bench.Suites.Results;

namespace Bench.Suites.Claims;

/// <summary>
/// The seven claims of DESIGN.md §5 and the rule that turns each one's cells into a verdict.
/// Every rule reads only measured figures and the cells' own parameters (threads, wait,
/// connections); the thresholds below are the only judgement, in one place. A claim whose
/// cells are missing, failed or skipped is "not measured", never guessed.
/// </summary>
public static class ClaimRules
{
    /// <summary>Claim 2: "caps at threads ÷ wait" holds when WSGI throughput is within this share of it.</summary>
    public const double CapTolerance = 0.10;

    /// <summary>Claim 2: ASGI throughput must grow at least this much from 10 to 1,000 connections (or half the concurrency ratio on a narrower sweep).</summary>
    public const double AsgiGrowth = 10;

    /// <summary>Claim 1: WSGI "uses a thread per concurrent request" when its busy threads reach this share of min(connections, pool).</summary>
    public const double BusyShare = 0.9;

    /// <summary>Claim 3: WSGI "matches" ASGI at or above this throughput ratio.</summary>
    public const double MatchRatio = 0.9;

    /// <summary>Claim 3: what counts as low concurrency.</summary>
    public const int LowConcurrency = 10;

    /// <summary>Claims 4, 5: a model "holds" N long-lived connections when at least this share is open at once.</summary>
    public const double HoldShare = 0.9;

    /// <summary>Claims 4, 5: the thread-bound server "caps at the pool" when it holds no more than this times its threads.</summary>
    public const double PoolCapSlack = 1.05;

    /// <summary>Claim 4: "thousands".</summary>
    public const int Thousands = 1000;

    /// <summary>Claim 7: a stalled loop serves at most this times workers ÷ wait; a pool that degrades gracefully keeps at least the inverse share of min(c, threads) ÷ wait.</summary>
    public const double StallSlack = 1.2;

    public const double GracefulShare = 0.8;

    public static readonly IReadOnlyDictionary<int, string> Titles = new Dictionary<int, string>
    {
        [1] = "Thread-per-request needs a thread per concurrent request, and threads cost memory",
        [2] = "While requests wait on I/O, an event loop keeps serving; a thread pool caps at threads ÷ wait",
        [3] = "WSGI is not inherently slow: on short CPU-bound requests at low concurrency it can match or beat the event loop",
        [4] = "WebSockets need ASGI: WSGI refuses them, hijacking holds one socket per thread, the event loop holds thousands",
        [5] = "A WSGI stream holds a thread, so SSE subscribers cap at the pool; the event loop holds thousands",
        [6] = "Much of an ASGI framework's speed comes from the model, not the framework (framework tax)",
        [7] = "One blocking call stalls every connection on its loop, where a thread pool degrades gracefully",
    };

    private static readonly Dictionary<int, Func<IReadOnlyList<CellFacts>, IReadOnlyList<CellFacts>, ClaimVerdict?>> Rules = new()
    {
        [1] = Claim1,
        [2] = Claim2,
        [3] = Claim3,
        [4] = Claim4,
        [5] = Claim5,
        [6] = Claim6,
        [7] = Claim7,
    };

    /// <summary>Verdicts for every claim that has cells in <paramref name="cells"/>, in claim order.</summary>
    public static IReadOnlyList<ClaimVerdict> Evaluate(IReadOnlyList<CellResult> cells)
    {
        var facts = CellFacts.From(cells);
        var verdicts = new List<ClaimVerdict>();
        foreach (int claim in cells.Where(c => c.Claim is not null).Select(c => c.Claim!.Value).Distinct().Order())
        {
            var mine = facts.Where(f => f.Claim == claim).ToList();
            var verdict = mine.Count == 0 ? null : Rules[claim](mine, facts);
            verdicts.Add(verdict ?? NotMeasured(claim, cells.Where(c => c.Claim == claim).ToList(), mine.Count == 0 ? null : "the cells this rule compares are not all there"));
        }
        return verdicts;
    }

    /// <summary>Runs one rule on synthetic facts (tests).</summary>
    public static ClaimVerdict Judge(int claim, IReadOnlyList<CellFacts> facts) =>
        Rules[claim](facts.Where(f => f.Claim == claim).ToList(), facts) ?? NotMeasured(claim, [], "the cells this rule compares are not all there");

    private static ClaimVerdict NotMeasured(int claim, IReadOnlyList<CellResult> cells, string? why)
    {
        string reason = why ?? (cells.Count == 0 ? "no cells" : string.Join("; ", cells
            .GroupBy(c => $"{c.Status}: {c.Reason ?? "no result"}")
            .Select(g => $"{g.Count()} cell(s) {g.Key}")));
        return new ClaimVerdict(claim, Titles[claim], Verdicts.NotMeasured, reason, new Dictionary<string, double>(), cells.Select(c => c.Id).ToList(), []);
    }

    private static ClaimVerdict Verdict(int claim, bool? a, bool? b, string summary, Dictionary<string, double> numbers, IEnumerable<CellFacts> used, params string[] notes)
    {
        string verdict = (a, b) switch
        {
            (true, true) => Verdicts.Supported,
            (false, false) => Verdicts.NotSupported,
            _ => Verdicts.Depends,
        };
        var cells = used.ToList();
        var allNotes = notes.Where(n => n.Length > 0).ToList();
        int invalid = cells.Count(c => !c.Valid);
        if (invalid > 0) allNotes.Add($"{invalid} of these cells were flagged by the generator's validity guard (loadgen may have been the bottleneck); read their numbers with care");
        return new ClaimVerdict(claim, Titles[claim], verdict, summary, numbers, cells.Select(c => c.Id).ToList(), allNotes);
    }

    // Claim 1: at the highest concurrency both models ran, WSGI had a busy thread per concurrent
    // request (its /stats) and paid for its threads in RSS, while ASGI served the same load on a
    // handful of threads.
    private static ClaimVerdict? Claim1(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var http = cells.Where(c => c.ScenarioKind == "http" && c.Connections is not null).ToList();
        int? cMax = HighestCommon(http, "wsgi", "asgi");
        if (cMax is null) return null;
        var w = http.Single(c => c.Model == "wsgi" && c.Connections == cMax);
        var a = http.Single(c => c.Model == "asgi" && c.Connections == cMax);
        int needed = Math.Min(cMax.Value, w.Pool);
        double busy = w.PeakBusyThreads ?? Math.Min(w.PeakThreads, needed);
        double busyShare = busy / needed;
        double extraThreads = w.PeakThreads - a.PeakThreads;
        double extraRssMiB = (w.PeakRssBytes - a.PeakRssBytes) / 1048576.0;
        double perThreadKiB = extraThreads > 0 ? extraRssMiB * 1024 / extraThreads : 0;
        var wLow = http.Where(c => c.Model == "wsgi").MinBy(c => c.Connections)!;
        bool threadPerRequest = busyShare >= BusyShare && extraThreads >= 0.5 * needed;
        bool costsMemory = extraRssMiB > 0;
        string summary = $"at {cMax:N0} connections WSGI had {busy:N0} busy threads ({busyShare:P0} of {needed:N0} needed) and {w.PeakThreads:N0} OS threads vs ASGI's {a.PeakThreads:N0}; " +
            $"RSS {Mib(w.PeakRssBytes)} vs {Mib(a.PeakRssBytes)} ({extraRssMiB:+0.0;-0.0} MiB, {perThreadKiB:0} KiB per extra thread); WSGI RSS {Mib(wLow.PeakRssBytes)} at {wLow.Connections:N0} connections";
        return Verdict(1, threadPerRequest, costsMemory, summary, new()
        {
            ["connections"] = cMax.Value,
            ["wsgi.busyThreads"] = busy,
            ["wsgi.threads"] = w.PeakThreads,
            ["asgi.threads"] = a.PeakThreads,
            ["wsgi.rssMiB"] = Round(w.PeakRssBytes / 1048576.0),
            ["asgi.rssMiB"] = Round(a.PeakRssBytes / 1048576.0),
            ["kibPerThread"] = Round(perThreadKiB),
        }, [w, a, wLow]);
    }

    // Claim 2: the brief's rule. WSGI at its highest concurrency within 10% of threads ÷ wait;
    // ASGI's throughput grows ≥ 10× from 10 to 1,000 connections.
    private static ClaimVerdict? Claim2(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var io = cells.Where(c => c.ScenarioKind == "http" && c.WaitSeconds is > 0 && c.Connections is not null).ToList();
        var wsgi = io.Where(c => c.Model == "wsgi").OrderBy(c => c.Connections).ToList();
        var asgi = io.Where(c => c.Model == "asgi").OrderBy(c => c.Connections).ToList();
        if (wsgi.Count == 0 || asgi.Count < 2) return null;
        var wTop = wsgi[^1];
        double cap = wTop.Pool / wTop.WaitSeconds!.Value;
        double off = Math.Abs(wTop.Throughput - cap) / cap;
        var (aLow, aTop) = (asgi[0], asgi[^1]);
        double growth = aTop.Throughput / Math.Max(1e-9, aLow.Throughput);
        double spread = (double)aTop.Connections!.Value / aLow.Connections!.Value;
        double needed = Math.Min(AsgiGrowth, spread / 2);
        string summary = $"WSGI {wTop.Throughput:N0} req/s at {wTop.Connections:N0} connections vs cap {cap:N0} ({wTop.Pool} threads ÷ {wTop.WaitSeconds * 1000:0} ms): {off:P0} off (limit {CapTolerance:P0}); " +
            $"ASGI {aLow.Throughput:N0} → {aTop.Throughput:N0} req/s from {aLow.Connections:N0} to {aTop.Connections:N0} connections: {growth:0.0}× (needs ≥ {needed:0.#}×)";
        return Verdict(2, off <= CapTolerance, growth >= needed, summary, new()
        {
            ["wsgi.throughput"] = Round(wTop.Throughput),
            ["wsgi.cap"] = Round(cap),
            ["wsgi.offCap"] = Round(off, 3),
            ["asgi.low"] = Round(aLow.Throughput),
            ["asgi.high"] = Round(aTop.Throughput),
            ["asgi.growth"] = Round(growth, 2),
        }, [wTop, aLow, aTop]);
    }

    // Claim 3: every low-concurrency CPU-short cell compared pairwise, WSGI ÷ ASGI throughput.
    private static ClaimVerdict? Claim3(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var pairs = (from w in cells
                     where w.Model == "wsgi" && w.ScenarioKind == "http" && w.Connections is <= LowConcurrency
                     from a in cells
                     where a.Model == "asgi" && a.Scenario == w.Scenario && a.Connections == w.Connections
                     select (w, a, ratio: w.Throughput / Math.Max(1e-9, a.Throughput))).ToList();
        if (pairs.Count == 0) return null;
        int matched = pairs.Count(p => p.ratio >= MatchRatio);
        string summary = string.Join("; ", pairs.Select(p => $"{p.w.Scenario} at {p.w.Connections}: WSGI {p.w.Throughput:N0} vs ASGI {p.a.Throughput:N0} req/s ({p.ratio:0.00}×)"))
            + $" — WSGI matches or beats (≥ {MatchRatio:0.0}×) in {matched} of {pairs.Count}";
        var numbers = pairs.ToDictionary(p => $"ratio.{p.w.Scenario}.c{p.w.Connections}", p => Round(p.ratio, 3));
        return Verdict(3, matched == pairs.Count ? true : matched == 0 ? false : null, matched > 0, summary, numbers, pairs.SelectMany(p => new[] { p.w, p.a }));
    }

    // Claim 4: three parts, from the servers' own count of open WebSockets.
    private static ClaimVerdict? Claim4(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var ws = cells.Where(c => c.ScenarioKind.StartsWith("ws", StringComparison.Ordinal) && c.Connections is not null).ToList();
        var asgi = ws.Where(c => c.Model == "asgi").MaxBy(c => c.Connections);
        if (asgi is null) return null;
        var refuse = ws.Where(c => c.Model == "wsgi" && c.Option("ws", "refuse") == "refuse").MaxBy(c => c.Connections);
        var hijack = ws.Where(c => c.Model == "wsgi" && c.Option("ws", "refuse") == "hijack").MaxBy(c => c.Connections);
        int n = asgi.Connections!.Value;
        long held = asgi.PeakOpenWebsockets ?? 0;
        bool loopHolds = held >= HoldShare * n && n >= Thousands;
        bool? refused = refuse is null ? null : (refuse.PeakOpenWebsockets ?? 0) == 0 && refuse.ErrorRate >= 0.99;
        bool? capped = hijack is null ? null : (hijack.PeakOpenWebsockets ?? 0) <= PoolCapSlack * hijack.Pool + 1 && hijack.Connections > hijack.Pool;
        bool? wsgiSide = refused is null && capped is null ? null : refused != false && capped != false;
        string summary = $"ASGI held {held:N0} of {n:N0} sockets" +
            (refuse is null ? "; WSGI refuse not measured" : $"; WSGI (refuse) held {refuse.PeakOpenWebsockets ?? 0:N0}, {refuse.ErrorRate:P0} of handshakes failed") +
            (hijack is null ? "; WSGI hijack not measured" : $"; WSGI hijack held {hijack.PeakOpenWebsockets ?? 0:N0} of {hijack.Connections:N0} with {hijack.Pool} threads");
        var numbers = new Dictionary<string, double> { ["asgi.held"] = held, ["asgi.requested"] = n };
        if (hijack is not null) numbers["hijack.held"] = hijack.PeakOpenWebsockets ?? 0;
        if (refuse is not null) numbers["refuse.errorRate"] = Round(refuse.ErrorRate, 3);
        return Verdict(4, loopHolds, wsgiSide, summary, numbers, new[] { asgi, refuse, hijack }.OfType<CellFacts>(),
            n < Thousands ? $"ASGI was asked for {n:N0} sockets, fewer than the claim's thousands" : "");
    }

    // Claim 5: subscribers held at once, from the servers' count of open SSE streams.
    private static ClaimVerdict? Claim5(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var sse = cells.Where(c => c.ScenarioKind == "sse" && c.Connections is not null).ToList();
        var w = sse.Where(c => c.Model == "wsgi").MaxBy(c => c.Connections);
        var a = sse.Where(c => c.Model == "asgi").MaxBy(c => c.Connections);
        if (w is null || a is null) return null;
        long wHeld = w.PeakOpenSseStreams ?? 0, aHeld = a.PeakOpenSseStreams ?? 0;
        bool capped = w.Connections > w.Pool && wHeld <= PoolCapSlack * w.Pool + 1;
        bool holds = aHeld >= HoldShare * a.Connections!.Value;
        string summary = $"WSGI ({w.Pool} threads) streamed to {wHeld:N0} of {w.Connections:N0} subscribers; ASGI to {aHeld:N0} of {a.Connections:N0}; ASGI p99 {a.P99Ms:0.0} ms";
        return Verdict(5, capped, holds, summary, new()
        {
            ["wsgi.held"] = wHeld,
            ["wsgi.threads"] = w.Pool,
            ["asgi.held"] = aHeld,
            ["asgi.requested"] = a.Connections!.Value,
            ["asgi.p99Ms"] = Round(a.P99Ms),
        }, [w, a], a.Connections < Thousands ? $"ASGI was asked for {a.Connections:N0} subscribers, fewer than the claim's thousands" : "");
    }

    // Claim 6: framework tax = 1 − framework ÷ raw on the same server and load; the model's gain
    // is ASGI ÷ WSGI on the I/O-bound cells of claim 2. The claim holds when the model's factor
    // outweighs the framework's: gain ≥ 1 ÷ (1 − tax).
    private static ClaimVerdict? Claim6(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var pairs = (from f in cells
                     where f.Framework is not null
                     from r in cells
                     where r.Framework is null && r.Model == f.Model && r.Scenario == f.Scenario && r.Connections == f.Connections && r.Rate == f.Rate
                     select (f, r, tax: 1 - f.Throughput / Math.Max(1e-9, r.Throughput))).ToList();
        if (pairs.Count == 0) return null;
        var io = all.Where(c => c.Claim == 2 && c.WaitSeconds is > 0 && c.Connections is not null).ToList();
        int? cTop = HighestCommon(io, "wsgi", "asgi");
        double? gain = cTop is null ? null
            : io.Single(c => c.Model == "asgi" && c.Connections == cTop).Throughput / Math.Max(1e-9, io.Single(c => c.Model == "wsgi" && c.Connections == cTop).Throughput);
        var asgiPairs = pairs.Where(p => p.f.Model == "asgi").ToList();
        bool? outweighs = gain is null || asgiPairs.Count == 0 ? null : asgiPairs.All(p => gain.Value >= 1 / Math.Max(1e-9, 1 - p.tax));
        string summary = string.Join("; ", pairs.Select(p => $"{p.f.Framework} on {p.f.Model}: {p.f.Throughput:N0} vs raw {p.r.Throughput:N0} req/s (tax {p.tax:P0})"))
            + (gain is null ? "; model gain not measured (claim 2 cells)" : $"; model gain ASGI ÷ WSGI at {cTop:N0} connections {gain:0.0}×");
        var numbers = pairs.ToDictionary(p => $"tax.{p.f.Framework}", p => Round(p.tax, 3));
        if (gain is not null) numbers["modelGain"] = Round(gain.Value, 2);
        return Verdict(6, outweighs, outweighs, summary, numbers, pairs.SelectMany(p => new[] { p.f, p.r }),
            outweighs is null ? "needs both a raw/framework pair on an ASGI server and claim 2's cells to decide" : "");
    }

    // Claim 7: a blocking wait on the loop serialises it (≈ workers ÷ wait), the same wait on a
    // thread pool still serves min(c, threads) ÷ wait.
    private static ClaimVerdict? Claim7(IReadOnlyList<CellFacts> cells, IReadOnlyList<CellFacts> all)
    {
        var http = cells.Where(c => c.ScenarioKind == "http" && c.WaitSeconds is > 0 && c.Connections is not null).ToList();
        var blocking = http.Where(c => c.Model == "asgi" && c.Path!.StartsWith("/blocking", StringComparison.Ordinal)).ToList();
        var pool = http.Where(c => c.Model == "wsgi").ToList();
        int? c = blocking.Select(b => b.Connections).Intersect(pool.Select(p => p.Connections)).Max();
        if (c is null) return null;
        var a = blocking.Single(b => b.Connections == c);
        var w = pool.Single(p => p.Connections == c);
        double loopCap = a.Workers / a.WaitSeconds!.Value;
        double poolExpect = Math.Min(c.Value, w.Pool) / w.WaitSeconds!.Value;
        var offload = http.FirstOrDefault(o => o.Model == "asgi" && o.Connections == c && o.Path!.StartsWith("/offload", StringComparison.Ordinal));
        bool stalls = a.Throughput <= StallSlack * loopCap;
        bool graceful = w.Throughput >= GracefulShare * poolExpect;
        string summary = $"at {c:N0} connections with a {a.WaitSeconds * 1000:0} ms blocking wait: ASGI /blocking {a.Throughput:N0} req/s (loop cap {loopCap:N0}), p99 {a.P99Ms:N0} ms; " +
            $"WSGI {w.Throughput:N0} req/s ({poolExpect:N0} expected from min(c, {w.Pool} threads) ÷ wait), p99 {w.P99Ms:N0} ms" +
            (offload is null ? "" : $"; ASGI /offload {offload.Throughput:N0} req/s");
        var numbers = new Dictionary<string, double>
        {
            ["asgi.blocking"] = Round(a.Throughput),
            ["asgi.loopCap"] = Round(loopCap),
            ["asgi.p99Ms"] = Round(a.P99Ms),
            ["wsgi.throughput"] = Round(w.Throughput),
            ["wsgi.expected"] = Round(poolExpect),
            ["wsgi.p99Ms"] = Round(w.P99Ms),
        };
        if (offload is not null) numbers["asgi.offload"] = Round(offload.Throughput);
        return Verdict(7, stalls, graceful, summary, numbers, new[] { a, w, offload }.OfType<CellFacts>());
    }

    private static int? HighestCommon(IReadOnlyList<CellFacts> cells, string m1, string m2) =>
        cells.Where(c => c.Model == m1).Select(c => c.Connections).Intersect(cells.Where(c => c.Model == m2).Select(c => c.Connections)).Max();

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static double Round(double value, int digits = 1) => Math.Round(value, digits);
}
