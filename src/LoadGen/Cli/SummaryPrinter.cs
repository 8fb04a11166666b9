using Bench.Load.Models;
using Bench.Load.Results;
using Bench.Load.Vocabulary;

namespace Bench.LoadGen.Cli;

/// <summary>The final report, shaped like wrk's and k6's: totals, a latency table, status codes, errors, verdict.</summary>
public static class SummaryPrinter
{
    public static void Print(RunResult r, TextWriter o)
    {
        var t = r.Totals;
        o.WriteLine();
        o.WriteLine($"{r.Config.Model}: {r.Config.ModelDescription}");
        o.WriteLine($"target: {r.Config.Target}");
        o.WriteLine($"status: {r.Status}, measured {ModelText.Duration(TimeSpan.FromSeconds(t.DurationSeconds))}");
        o.WriteLine();
        if (r.Latency.Measures == LatencyBreakdown.NoRequests)
        {
            // Long-lived sessions last as long as the hold: their length is no latency. The scenario's
            // own figures (connect, handshake, first event, lag, RTT) follow in its section.
            o.WriteLine($"  sessions   {t.Requests:N0} (ok {t.Ok:N0}, failed {t.Failed:N0})");
            o.WriteLine($"  errors     {t.ErrorRate:P2} of sessions");
            o.WriteLine($"  data       {Bytes(t.BytesRead)} read, {Bytes(t.BytesWritten)} written");
            o.WriteLine();
        }
        else
        {
            o.WriteLine($"  requests   {t.Requests:N0} (ok {t.Ok:N0}, failed {t.Failed:N0}, dropped {t.Dropped:N0})");
            o.WriteLine($"  rate       {t.Rate:N1} req/s");
            o.WriteLine($"  errors     {t.ErrorRate:P2}");
            o.WriteLine($"  data       {Bytes(t.BytesRead)} read, {Bytes(t.BytesWritten)} written");
            o.WriteLine();
            o.WriteLine("  latency (ms)        p50      p75      p90      p95      p99    p99.9   p99.99      max    count");
            Row(o, r.Config.Model.EndsWith("rate", StringComparison.Ordinal) ? "corrected" : "total", r.Latency.Latency);
            if (r.Config.Model.EndsWith("rate", StringComparison.Ordinal)) Row(o, "uncorrected", r.Latency.Uncorrected);
            Row(o, "ttfb", r.Latency.Ttfb);
            Row(o, "connect", r.Latency.Connect);
            if (r.Config.Model.EndsWith("rate", StringComparison.Ordinal)) Row(o, "send lag", r.Latency.SendLag);
            o.WriteLine();
        }
        if (r.Tls is { } tls) Tls(o, tls);
        o.WriteLine("  status     " + (t.StatusCodes.Count == 0 ? "none" : string.Join("  ", t.StatusCodes.Select(kv => $"{kv.Key}: {kv.Value:N0}"))));
        o.WriteLine("  errors     " + (t.Errors.Count == 0 ? "none" : string.Join("  ", t.Errors.Select(kv => $"{kv.Key}: {kv.Value:N0}"))));
        foreach (var kind in Enum.GetValues<ErrorKind>())
            if (t.Errors.TryGetValue(ErrorKinds.Name(kind), out long n) && ErrorKinds.Explain(kind, Offered(r.Tls)) is { } why)
                o.WriteLine($"  {ErrorKinds.Name(kind)}: {n:N0} — {why}");
        foreach (var th in r.Thresholds)
            o.WriteLine($"  threshold  {(th.Passed ? "pass" : "FAIL")}  {th.Expression}  (actual {th.Actual:0.###}{th.Unit})");
        o.WriteLine(r.Validity.Valid
            ? $"  validity   valid (loadgen CPU {r.Validity.CpuPercent:0}% of {r.Validity.AllowedCores} core(s), scheduler lag p99 {r.Validity.SchedulerLagP99 / 1000.0:0.0}ms)"
            : "  validity   INVALID: " + string.Join("; ", r.Validity.Reasons));
        o.WriteLine($"  exit code  {r.ExitCode}");
    }

    /// <summary>One line of handshakes (measured phase only) and what verification did; a second, loud one when it did nothing.</summary>
    private static void Tls(TextWriter o, TlsResult tls)
    {
        string versions = tls.Versions.Count == 0 ? "no handshake" : string.Join(", ", tls.Versions.Select(kv => $"{kv.Key} {kv.Value:N0}"));
        o.WriteLine($"  tls        {versions}; handshakes {tls.Full:N0} full, {tls.Resumed:N0} resumed, {tls.Failed:N0} failed"
            + $" (resumption {(tls.Resumption ? "on" : "off")}); handshake p50 {tls.Handshake.P50 / 1000.0:0.00}ms p99 {tls.Handshake.P99 / 1000.0:0.00}ms");
        o.WriteLine($"  tls verify {tls.Verification}{(tls.ServerName is { } sni ? $", sni {sni}" : "")}{(Offered(tls) is { } offered ? $"; offered {offered}" : "")}");
        if (tls.Insecure) o.WriteLine("  INSECURE   certificate verification was OFF (--insecure): any certificate was accepted, a wrong server would have gone unnoticed");
    }

    /// <summary>"TLSv1.2 and TLSv1.3", or "TLSv1.2 only" when --tls-version chose one; null when the file does not say.</summary>
    private static string? Offered(TlsResult? tls) => tls?.Offered switch
    {
        null or [] => null,
        [var one] => $"{one} only",
        var all => string.Join(" and ", all),
    };

    private static void Row(TextWriter o, string name, LatencySummary s) =>
        o.WriteLine($"  {name,-14}{F(s.P50)}{F(s.P75)}{F(s.P90)}{F(s.P95)}{F(s.P99)}{F(s.P999)}{F(s.P9999)}{F(s.Max)}{s.Count,9:N0}");

    private static string F(long micros) => $"{micros / 1000.0,9:0.00}";

    private static string Bytes(long n) => n >= 1 << 20 ? $"{n / 1048576.0:0.0} MiB" : n >= 1024 ? $"{n / 1024.0:0.0} KiB" : $"{n} B";
}
