using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>
/// A scenario whose iteration is one long-lived session (an SSE subscription, a WebSocket, an
/// idle keep-alive connection). The engine runs it with <see cref="SessionExecutor"/>: each user
/// opens one session when the model's target reaches its index and keeps it until the hold ends;
/// it does not loop like an HTTP user, because a subscriber that re-subscribed after every stream
/// would inflate the counts the acceptance checks compare with the server's.
/// </summary>
public interface ISessionScenario : IScenario
{
    /// <summary>
    /// This run's scenario-specific metrics (lag, RTT, gaps...); users reach them through
    /// <see cref="RunMetrics.Stream"/>. <paramref name="connections"/> is the most the load model
    /// will open, which is what capacity checks and chat rooms need to know.
    /// </summary>
    StreamMetrics CreateMetrics(int connections);
}

/// <summary>A user that holds a session until told the hold is over.</summary>
public interface ISessionUser : IVirtualUser
{
    /// <summary>
    /// The hold is over (or the target dropped below this user): stop sending, drain what is in
    /// flight, close cleanly; the running <see cref="IVirtualUser.IterateAsync"/> then returns a
    /// successful outcome. Called from any thread, possibly more than once.
    /// </summary>
    void Finish();
}
