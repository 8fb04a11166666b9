using Bench.Load.Engine;

namespace Bench.Suites;

/// <summary>
/// Turns a suite's scenario object into an <see cref="IScenario"/>. A new scenario (SSE,
/// WebSocket, hold: issue 5) plugs into suites by implementing this and registering it in
/// <see cref="ScenarioReaders.Default"/>; nothing else in the suite runner changes.
/// </summary>
public interface IScenarioReader
{
    /// <summary>The "kind" value in suite files ("http", "sse", ...).</summary>
    string Kind { get; }

    /// <summary>
    /// Reads this kind's fields ("name" and "kind" are already read), adding every problem to
    /// <paramref name="fields"/>; returns what builds the scenario once the target's base URL is
    /// known. Unknown fields are reported by the caller after this returns.
    /// </summary>
    Func<Uri, IScenario>? Parse(JsonFields fields);
}
