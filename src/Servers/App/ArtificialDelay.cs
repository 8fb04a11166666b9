namespace Bench.Servers.App;

/// <summary>
/// TEST-ONLY hook for the regression gate (issue 8): <c>BENCH_ARTIFICIAL_DELAY_MS=N</c> in a
/// server's environment adds N ms to every demo request, a deliberately slowed build that
/// <c>scripts/ci-perf.sh</c> and the compare tests must catch. It is read once at start-up; unset
/// or 0 (the only value anyone else should ever run with) it costs one branch per request.
/// The wait is the model's own kind of wait: a blocked thread under WSGI, an awaited timer under
/// ASGI and Kestrel. Health, stats and WebSockets are left alone so readiness checks and the
/// sampler see the server as it is.
/// </summary>
public static class ArtificialDelay
{
    public const string Variable = "BENCH_ARTIFICIAL_DELAY_MS";

    public static readonly int Milliseconds =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out int ms) ? Math.Clamp(ms, 0, 10_000) : 0;

    public static bool AppliesTo(RouteKind kind) => Milliseconds > 0 && Covers(kind);

    /// <summary>The demo routes the test-only hooks slow down (this one and <see cref="ArtificialWork"/>).</summary>
    public static bool Covers(RouteKind kind) => kind is not (RouteKind.Health or RouteKind.Stats or RouteKind.WsEcho or RouteKind.WsChat);

    public static Task WaitAsync() => Task.Delay(Milliseconds);
}
