namespace Bench.Load.Code;

/// <summary>
/// A load test scenario written as code: an async function that one virtual user runs once per
/// iteration, as NBomber's <c>Scenario.Create</c> and k6's default function.
/// <code>
/// var scenario = Scenario.Create("users", async ctx =>
/// {
///     await ctx.Measure("get user", () => ctx.Http.GetAsync("/users/1"));
///     await ctx.Measure("upload", () => ctx.Http.PostAsync("/upload", "hello"));
/// });
/// </code>
/// The function fails an iteration by throwing: a failed request throws
/// <see cref="RequestFailedException"/> (counted under its error kind, as the CLI counts it), any
/// other exception is counted as "exception" with its type. The run goes on either way.
/// </summary>
public sealed class Scenario
{
    private Scenario(string name, Func<ScenarioContext, Task> run)
    {
        Name = name;
        Run = run;
    }

    /// <summary>Names the scenario in results and in suites (<c>"kind": "assembly"</c>).</summary>
    public string Name { get; }

    internal Func<ScenarioContext, Task> Run { get; }

    /// <exception cref="ArgumentException">The name is empty or has control characters.</exception>
    public static Scenario Create(string name, Func<ScenarioContext, Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
            throw new ArgumentException($"name: must be non-empty text without control characters (got '{name}')", nameof(name));
        return new Scenario(name, run);
    }

    /// <summary>
    /// This scenario as the engine's <see cref="Engine.IScenario"/>, for hosts that build their own
    /// <see cref="Engine.RunPlan"/> (suites do). Dispose it after the run: it owns the transport's event loops.
    /// </summary>
    /// <param name="transport">"epoll", "sockets" or null for the platform's best.</param>
    public Engine.IScenario ToEngineScenario(Uri? baseUrl, Microsoft.Extensions.Logging.ILogger? logger = null, string? transport = null) =>
        new CodeScenarioHost(this, baseUrl, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, transport);

    public override string ToString() => Name;
}
