using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Load.Results;

/// <summary>The one set of JSON options for results files, so writer and readers agree.</summary>
public static class ResultsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
