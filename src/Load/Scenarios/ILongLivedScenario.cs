using Bench.Load.Engine;

namespace Bench.Load.Scenarios;

/// <summary>What <see cref="ScenarioFactory"/> builds: a session scenario with its spec, owning a watchdog timer until disposed.</summary>
public interface ILongLivedScenario : ISessionScenario, IDisposable
{
    StreamOptions Spec { get; }
}
