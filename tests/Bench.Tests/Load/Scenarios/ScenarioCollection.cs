using Xunit;

namespace Bench.Tests.Load.Scenarios;

/// <summary>Tests that hold hundreds of connections run one at a time: in parallel they would share CPU, descriptors and the thread pool.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScenarioCollection
{
    public const string Name = "scenarios: long-lived load, serial";
}
