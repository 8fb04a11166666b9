using System.Globalization;
using Bench.Load.Models;
using Bench.Load.Vocabulary;

namespace Bench.LoadGen.Cli;

/// <summary>Stages as "DURATION:TARGET,...", e.g. "30s:100,1m:100,10s:0" (k6's stages in one flag).</summary>
public static class StagesParser
{
    public static bool TryParse(string text, out IReadOnlyList<Stage> stages, out string error)
    {
        var list = new List<Stage>();
        stages = list;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = part.LastIndexOf(':');
            if (colon <= 0
                || !DurationParser.TryParse(part[..colon], out var duration)
                || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double target))
            {
                error = $"'{part}' is not DURATION:TARGET (e.g. 30s:100)";
                return false;
            }
            list.Add(new Stage(duration, target));
        }
        if (list.Count == 0)
        {
            error = "needs at least one DURATION:TARGET (e.g. 30s:100,1m:100)";
            return false;
        }
        error = "";
        return true;
    }
}
