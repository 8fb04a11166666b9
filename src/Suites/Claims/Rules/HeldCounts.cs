using static Bench.Suites.Claims.Rules.ClaimText;

namespace Bench.Suites.Claims.Rules;

/// <summary>
/// Held counts for claims 4 and 5: the clients' own count when the hold ended (SSE subscribers streaming,
/// WebSockets open) is the figure of record; the server's /stats is the cross-check, and where the two differ the cell says
/// by how much and why.
/// </summary>
internal static class HeldCounts
{
    public static double Client(Repeats cell) => cell.Median(f => f.ClientHeld ?? 0);

    /// <summary>A sentence when the server's peak differs from the clients', with the reason; null when they agree or the server has no count.</summary>
    public static string? CrossCheck(Repeats cell)
    {
        var withServer = cell.Voting.Where(f => f.ServerHeld is not null).ToList();
        if (withServer.Count == 0) return null;
        double client = ClaimEvidence.Median(withServer.Select(f => (double)(f.ClientHeld ?? 0)).ToList());
        double server = ClaimEvidence.Median(withServer.Select(f => (double)f.ServerHeld!.Value).ToList());
        if (client == server) return null;
        int asked = withServer.Sum(f => f.StatsAsked), answered = withServer.Sum(f => f.StatsAnswered);
        var c = cell.Cell;
        string why = c.Model == "wsgi" && server < client
            ? $"on a thread pool /stats is itself a request and needs a free thread; while all {c.Pool} threads hold streams it waits behind them, " +
              $"so {asked - answered} of {asked} samples went unanswered and its peak is the count at the last sample a free thread answered, before the pool filled"
            : server < client
                ? $"the server was sampled once a second ({answered} of {asked} answered) and its samples missed the moment the clients reached"
                : "the server counts a stream from when its app starts it until the app sees the close; the client counts from its first event (SSE) or handshake (WebSocket) to its close, so streams still starting or closing count only on the server";
        return $"{c.Label}: clients held {N(client)} when the hold ended, the server's /stats peaked at {N(server)} ({N(server - client)}): {why}";
    }
}
