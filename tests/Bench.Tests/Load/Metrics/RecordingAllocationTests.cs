using Bench.Load.Engine;
using Bench.Load.Metrics;
using Xunit;
using Bench.Load.Vocabulary;

namespace Bench.Tests.Load.Metrics;

public sealed class RecordingAllocationTests
{
    [Fact]
    public void Recording_an_iteration_allocates_nothing()
    {
        var metrics = new RunMetrics();
        long t0 = Clock.Now;
        var outcome = new IterationOutcome(t0, t0 + 1_000, t0 + 250_000, 5_000, 200, ErrorKind.None, 160, 40);
        var failed = outcome with { Error = ErrorKind.Reset, Status = 0 };
        for (int i = 0; i < 1_000; i++) metrics.Record(outcome, t0); // warm up JIT and tiering

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) metrics.Record(i % 100 == 0 ? failed : outcome, t0 - i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
