namespace Bench.Load.Code;

/// <summary>
/// Marks a public static property or parameterless method that returns a <see cref="Scenario"/>,
/// so suites can run it by name from a built assembly (<c>"kind": "assembly"</c>):
/// <code>
/// public static class Scenarios
/// {
///     [LoadScenario]
///     public static Scenario Users => Scenario.Create("users", async ctx => ...);
/// }
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LoadScenarioAttribute : Attribute;
