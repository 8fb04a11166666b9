using Xunit;

namespace Bench.Tests.Suites;

/// <summary>Tests that start real servers and suites run one at a time, so they do not fight over two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SuiteCollection
{
    public const string Name = "Suites (real processes)";
}
