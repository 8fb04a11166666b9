using Xunit;
namespace Bench.Tests.Load.Support;

/// <summary>Tests that drive load run one at a time: in parallel they would steal each other's CPU and schedule.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "loadgen: real load, serial";
}
