using Bench.Load.Metrics;
using Bench.Load.Models;

namespace Bench.Load.Engine;

/// <summary>Runs a load model for one phase; closed and open models need different loops.</summary>
internal interface IExecutor
{
    /// <summary>
    /// Starts iterations until the phase is stopped. The task may end earlier when the model has
    /// nothing more to start (per-vu-iterations done, open schedule used up).
    /// </summary>
    Task RunAsync(Phase phase);

    /// <summary>Tasks of VUs still finishing an iteration, awaited during graceful stop.</summary>
    Task InFlight { get; }

    /// <summary>Iterations that were due but never started (open models); 0 for closed ones.</summary>
    long Dropped(Phase phase, long now);

    static IExecutor For(ILoadModel model, VuPool pool, RunMetrics metrics, TimeSpan maxLateness) => model switch
    {
        IClosedModel held when pool.Scenario is ISessionScenario => new SessionExecutor(held, pool, metrics),
        IClosedModel closed => new ClosedExecutor(closed, pool, metrics),
        IOpenModel open => new OpenExecutor(open, pool, metrics, maxLateness),
        _ => throw new ArgumentException($"model {model.Kind} is neither closed nor open", nameof(model)),
    };
}
