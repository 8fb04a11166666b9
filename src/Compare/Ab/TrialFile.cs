using System.Text.Json;
using System.Text.Json.Nodes;
using Bench.Compare.Inputs;
using Bench.Load.Results;

namespace Bench.Compare.Ab;

/// <summary>
/// One ab trial on disk: the cell's name (what compare matches), side, order, the server's
/// threads after the run, and loadgen's own results file embedded unchanged.
/// </summary>
public static class TrialFile
{
    public static void Write(string path, AbCell cell, Side side, int trial, int order, int serverThreads, string runFile)
    {
        var run = JsonNode.Parse(File.ReadAllText(runFile));
        var trialNode = new JsonObject
        {
            ["tool"] = AbTrial.Tool,
            ["schemaVersion"] = 1,
            ["cell"] = cell.Name,
            ["side"] = side == Side.Base ? "base" : "head",
            ["trial"] = trial,
            ["order"] = order,
            ["serverThreads"] = serverThreads,
            ["run"] = run,
        };
        AtomicFile.WriteText(path, trialNode.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
