using Bench.Suites.Sampling;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>Condenses a cell's samples into its measured-phase figures.</summary>
public static class ServerSummaries
{
    public static ServerSummary? Of(IReadOnlyList<ServerSample> samples, long? requests)
    {
        if (samples.Count == 0) return null;
        // Peaks over the whole cell (warm-up included: the threads and memory were needed then
        // too); CPU over the measured window only, so CPU per request is not diluted by start-up.
        var measured = samples.Where(s => s.Phase == "measure").ToList();
        var window = measured.Count >= 2 ? measured : samples.ToList();
        double cpu = Math.Max(0, window[^1].CpuSeconds - window[0].CpuSeconds);
        double wall = window[^1].ElapsedSeconds - window[0].ElapsedSeconds;
        var stats = samples.Where(s => s.Stats is not null).Select(s => s.Stats!).ToList();
        return new ServerSummary(
            PeakRssBytes: samples.Max(s => s.RssBytes),
            MeanRssBytes: (long)window.Average(s => s.RssBytes),
            PeakThreads: samples.Max(s => s.Threads),
            PeakOpenFiles: samples.Max(s => s.OpenFiles),
            PeakProcesses: samples.Max(s => s.Processes),
            CpuSeconds: Math.Round(cpu, 3),
            CpuPercentMean: wall > 0 ? Math.Round(cpu / wall * 100, 1) : 0,
            CpuSecondsPerRequest: requests is > 0 ? cpu / requests.Value : null,
            PeakOpenConnections: stats.Count > 0 ? stats.Max(s => s.OpenConnections) : null,
            PeakBusyThreads: stats.Count > 0 ? stats.Max(s => s.BusyThreads) : null,
            PeakOpenWebsockets: stats.Count > 0 ? stats.Max(s => s.OpenWebsockets) : null,
            PeakOpenSseStreams: stats.Count > 0 ? stats.Max(s => s.OpenSseStreams) : null);
    }
}
