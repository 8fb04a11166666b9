using System.Text.Json;

namespace Bench.Compare.Inputs;

/// <summary>
/// Tolerant reads of results JSON: loadgen writes camelCase, BenchmarkDotNet PascalCase, and
/// files from older or newer schema versions may lack a field. A missing field is no value,
/// never an exception, so one odd file cannot hide the rest of the comparison.
/// </summary>
internal static class Json
{
    public static JsonElement? Get(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        if (element.TryGetProperty(name, out var exact)) return exact;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }

    public static JsonElement? Path(this JsonElement element, params string[] names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current?.Get(name);
            if (current is null) return null;
        }
        return current;
    }

    public static double? Number(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } e ? e.GetDouble() : null;

    public static string? String(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static DateTimeOffset? Time(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } e && e.TryGetDateTimeOffset(out var t) ? t : null;

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : [];

    public static IEnumerable<JsonProperty> Properties(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } e ? e.EnumerateObject() : [];
}
