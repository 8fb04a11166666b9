using System.Text.Json;
using Bench.Compare.Model;

namespace Bench.Compare.Inputs;

/// <summary>The numbers compare takes from one ab trial (<see cref="AbTrial"/>): its run's, under the cell's name, and the server's threads.</summary>
internal static class AbTrialReader
{
    public static void Read(JsonElement root, string file, ResultSet into)
    {
        if (AbTrial.From(root, file) is not { } trial) return;
        if (trial.Run is { } run) RunReader.Read(run, trial.Cell, into);
        if (trial.ServerThreads is { } threads and > 0) into.Add(trial.Cell, MetricIds.ServerThreads, threads);
    }
}
