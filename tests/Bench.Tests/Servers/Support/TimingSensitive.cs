using Xunit;

namespace Bench.Tests.Servers.Support;

/// <summary>
/// Tests whose assertions are about time (queueing waves, loop stalls, GIL ratios) run here, one at a
/// time and after the parallel collections, so that other tests do not eat the two cores they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Servers: timing-sensitive";
}
