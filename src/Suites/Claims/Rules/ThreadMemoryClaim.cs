using Bench.Suites.Claims.Statistics;
using Bench.Suites.Results;
using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>Claim 1: thread-per-request needs a thread per concurrent request, and threads cost memory.</summary>
public sealed class ThreadMemoryClaim : Claim
{
    /// <summary>WSGI "uses a thread per concurrent request" when its busy threads reach this share of min(connections, pool).</summary>
    public const double BusyShare = 0.9;

    /// <summary>The thread model's memory per connection must exceed the loop's by more than this (one page), beyond the noise.</summary>
    public const double MinExtraKiBPerConnection = 4;

    public override int Id => 1;

    public override string Title => "Thread-per-request needs a thread per concurrent request, and threads cost memory";

    public override string Measured => "Server memory vs concurrent connections for each model (RSS after a full GC, the GC's slack taken out), busy threads, and each thread's resident stack.";

    public override string Rule =>
        $"(a) WSGI at its highest concurrency: busy threads (its /stats, less the probe's own) ≥ {BusyShare:P0} of min(connections, threads) in every valid repeat. " +
        "(b) Memory per connection is the slope of a least-squares line through (connections, RSS) over every valid repeat of the sweep, for each model; RSS is read with the load on, " +
        "right after the server's own full collection, less the GC's slack (committed minus live heap) so GC budget sizing does not count as connections. " +
        $"The 90 % interval (Welch t) of WSGI's slope minus ASGI's must lie above {MinExtraKiBPerConnection:0} KiB per connection for a yes; wholly below is a no (equal slopes are a no, " +
        "whatever constant separates the lines); across the line: inconclusive. Both yes: supported; both no: not supported; else depends. Thread stacks' resident size per thread is reported from /proc/PID/smaps.";

    public override IReadOnlyDictionary<string, double> Thresholds => new Dictionary<string, double> { ["busyShare"] = BusyShare, ["minExtraKiBPerConnection"] = MinExtraKiBPerConnection };

    public override ClaimVerdict Evaluate(ClaimEvidence e)
    {
        var http = e.Select(c => c.ScenarioKind == "http" && c.Connections is not null);
        var wsgi = http.Where(c => c.Cell.Model == "wsgi").OrderBy(c => c.Cell.Connections).ToList();
        var asgi = http.Where(c => c.Cell.Model == "asgi").OrderBy(c => c.Cell.Connections).ToList();
        if (wsgi.Count < 2 || asgi.Count < 2) return e.NotMeasured("needs each model at two or more concurrencies for a slope");
        foreach (var c in wsgi.Concat(asgi)) e.Deciding(c);
        if (e.Unmeasurable() is { } silent) return silent;

        var wTop = wsgi[^1];
        var aTop = asgi[^1];
        int needed = Math.Min(wTop.Cell.Connections!.Value, wTop.Cell.Pool);
        var busy = ClaimEvidence.Range(wTop.Values(f => (f.PeakBusyThreads ?? 0) / (double)needed));
        var wFit = Fit(wsgi);
        var aFit = Fit(asgi);
        var extra = wFit is null || aFit is null
            ? new Interval(double.NaN, null, null, null, "a slope needs valid settled samples at two or more concurrencies")
            : wFit.Difference(aFit);
        var parts = new List<ClaimPart>
        {
            ClaimEvidence.Part("a thread per concurrent request", busy.AtLeast(BusyShare),
                $"at {N(wTop.Cell.Connections.Value)} connections WSGI had {Of(busy, P)} of {N(needed)} threads busy", busy, $"≥ {BusyShare:P0}"),
            ClaimEvidence.Part("threads cost memory", extra.AtLeast(MinExtraKiBPerConnection),
                $"WSGI {Slope(wFit)} vs ASGI {Slope(aFit)} per connection; WSGI − ASGI {Of(extra, Kib)}", extra, $"> {MinExtraKiBPerConnection:0} KiB per connection"),
        };
        double wStack = wTop.Median(f => f.Settled?.StackKiBPerThread ?? double.NaN), aStack = aTop.Median(f => f.Settled?.StackKiBPerThread ?? double.NaN);
        double wThreads = wTop.Median(f => f.Settled?.Threads ?? f.PeakThreads), aThreads = aTop.Median(f => f.Settled?.Threads ?? f.PeakThreads);
        string summary = string.Join("; ", parts.Select(p => p.Text)) +
            $"; at the top of the sweep WSGI ran {N(wThreads)} threads ({Kib(wStack)} resident stack each), ASGI {N(aThreads)} ({Kib(aStack)} each); " +
            $"the GC's slack left out: WSGI {Mib(wTop.Median(f => f.Settled?.GcSlackBytes ?? double.NaN))}, ASGI {Mib(aTop.Median(f => f.Settled?.GcSlackBytes ?? double.NaN))}";
        var numbers = new Dictionary<string, double>
        {
            ["wsgi.kibPerConnection"] = Round(wFit?.Slope ?? double.NaN),
            ["asgi.kibPerConnection"] = Round(aFit?.Slope ?? double.NaN),
            ["extraKibPerConnection"] = Round(extra.Estimate),
            ["wsgi.stackKibPerThread"] = Round(wStack),
            ["asgi.stackKibPerThread"] = Round(aStack),
            ["wsgi.threads"] = Round(wThreads, 0),
            ["asgi.threads"] = Round(aThreads, 0),
        };
        return e.Verdict(parts, summary, numbers);
    }

    /// <summary>KiB of RSS (less the GC's slack) per connection, through every valid repeat that has a settled sample.</summary>
    private static SlopeFit? Fit(IEnumerable<Repeats> sweep) => SlopeFit.Of(sweep
        .SelectMany(c => c.Voting)
        .Where(f => f.Settled is not null)
        .Select(f => ((double)f.Connections!.Value, f.Settled!.RssWithoutGcSlackBytes / 1024.0))
        .ToList());

    private static string Slope(SlopeFit? fit) => fit is null ? "no slope" : Of(fit.Interval(), Kib);

    private static string Mib(double bytes) => double.IsFinite(bytes) ? (bytes / 1048576).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB" : "-";
}
