using System.Text.Json;
using Bench.Compare.Model;
using Bench.Load.Results;

namespace Bench.Compare.Inputs;

/// <summary>
/// One trial written by <c>loadgen ab</c> (<c>TrialFile</c>): the run, under the cell's
/// name, and the server's thread count after it. The run is loadgen's results file embedded
/// unchanged, read as the <see cref="RunResult"/> it is.
/// </summary>
internal static class AbTrialReader
{
    public const string Tool = "loadgen-ab-trial";

    public static void Read(JsonElement trial, string file, ResultSet into)
    {
        string cell = trial.Get("cell").String() ?? "ab";
        if (trial.Get("run") is { ValueKind: JsonValueKind.Object } run) RunReader.Read(ResultsFile.FromJson(run, $"{file} (run)"), cell, into);
        if (trial.Get("serverThreads").Number() is { } threads and > 0) into.Add(cell, MetricIds.ServerThreads, threads);
    }
}
