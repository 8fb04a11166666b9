using System.Diagnostics;
using Bench.Load.Metrics;

namespace Bench.Load.Engine;

/// <summary>This process's CPU use over a span, as a share of the cores it may run on.</summary>
internal sealed class CpuMeter
{
    private readonly TimeSpan _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _wallAtStart = Clock.Now;

    public int AllowedCores { get; } = Math.Max(1, CpuAffinity.Current().Count);

    public double Share()
    {
        double wall = Clock.ToTimeSpan(Clock.Now - _wallAtStart).TotalSeconds;
        if (wall <= 0) return 0;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart).TotalSeconds;
        return cpu / (wall * AllowedCores);
    }
}
