using System.Globalization;

namespace Bench.Reporting.Input;

/// <summary>
/// What each claim of DESIGN.md §5 measures, for the claims table's "what was measured" column,
/// and how a deciding number is printed. Results carry the verdict and numbers, not this prose.
/// </summary>
public static class ClaimTexts
{
    private static readonly IReadOnlyDictionary<int, string> Measured = new Dictionary<int, string>
    {
        [1] = "Server RSS and thread count vs concurrent connections, WSGI pool vs event loop.",
        [2] = "Throughput vs concurrency on /users (I/O wait): WSGI's cap of threads ÷ wait time vs ASGI's growth.",
        [3] = "Throughput and latency on short CPU-bound requests (/hello, /cpu) at low concurrency.",
        [4] = "WebSockets held: WSGI refusal, the hijack's one socket per thread, the event loop's thousands.",
        [5] = "SSE subscribers held vs requested, and delivery lag, on a thread pool vs an event loop.",
        [6] = "Throughput of the raw app vs a framework layer on the same server (framework tax).",
        [7] = "Latency of every connection while one /blocking call stalls the loop, vs a thread pool.",
    };

    public static string MeasuredFor(int claim) => Measured.TryGetValue(claim, out string? text) ? text : "";

    /// <summary>Whole numbers with thousands separators, others to three significant digits.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return value.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15) return value.ToString("N0", CultureInfo.InvariantCulture);
        return value.ToString(Math.Abs(value) >= 100 ? "N0" : "G3", CultureInfo.InvariantCulture);
    }
}
