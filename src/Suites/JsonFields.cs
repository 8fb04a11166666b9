using System.Globalization;
using System.Text.Json;
using Bench.Load.Vocabulary;
using Bench.Load.Models;

namespace Bench.Suites;

/// <summary>
/// Reads one JSON object field by field, naming each problem by its path in the file
/// (<c>targets[2].threads: must be 1..4096</c>) and going on, so a suite's validation lists every
/// problem at once. Fields never read are reported by <see cref="ReportUnknown"/>: that is how
/// a typo ("thread" for "threads") is caught instead of silently using a default.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement _object;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public JsonFields(JsonElement element, string path, List<string> problems)
    {
        Path = path;
        Problems = problems;
        _object = element;
        IsObject = element.ValueKind == JsonValueKind.Object;
        if (!IsObject) problems.Add($"{path}: must be an object (got {Kind(element)})");
    }

    public string Path { get; }

    public List<string> Problems { get; }

    public bool IsObject { get; }

    public JsonElement Element => _object;

    public string At(string field) => Path.Length == 0 ? field : $"{Path}.{field}";

    public void Problem(string field, string message) => Problems.Add($"{At(field)}: {message}");

    public bool Has(string field) => IsObject && _object.TryGetProperty(field, out _);

    /// <summary>Marks a field as known without reading it (read elsewhere, e.g. by a scenario kind).</summary>
    public void Accept(string field) => _read.Add(field);

    public bool TryGet(string field, out JsonElement value)
    {
        _read.Add(field);
        value = default;
        if (!IsObject || !_object.TryGetProperty(field, out value)) return false;
        return value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string field, bool required = false)
    {
        if (!TryGet(field, out var v))
        {
            if (required) Problem(field, "required");
            return null;
        }
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        Problem(field, $"must be a string (got {Kind(v)})");
        return null;
    }

    public bool? Bool(string field)
    {
        if (!TryGet(field, out var v)) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Problem(field, $"must be true or false (got {Kind(v)})");
        return null;
    }

    public long? Integer(string field, long min, long max, bool required = false)
    {
        if (!TryGet(field, out var v))
        {
            if (required) Problem(field, "required");
            return null;
        }
        return IntegerValue(v, At(field), min, max);
    }

    public double? Number(string field, double min, double max, bool minExclusive = false)
    {
        if (!TryGet(field, out var v)) return null;
        return NumberValue(v, At(field), min, max, minExclusive);
    }

    /// <summary>A duration as "500ms", "5s", "1m30s" or a number of seconds; must lie in [min, max].</summary>
    public TimeSpan? Duration(string field, TimeSpan min, TimeSpan max)
    {
        if (!TryGet(field, out var v)) return null;
        return DurationValue(v, At(field), min, max);
    }

    public IReadOnlyList<string>? Strings(string field, bool required = false)
    {
        if (!TryGet(field, out var v))
        {
            if (required) Problem(field, "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            Problem(field, $"must be a list of strings (got {Kind(v)})");
            return null;
        }
        var list = new List<string>();
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
            else Problems.Add($"{At(field)}[{i}]: must be a string (got {Kind(item)})");
            i++;
        }
        return list;
    }

    /// <summary>Each element of an array field, with its path; problems if the field is not an array.</summary>
    public IReadOnlyList<(JsonElement Item, string Path)>? Items(string field, bool required = false)
    {
        if (!TryGet(field, out var v))
        {
            if (required) Problem(field, "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            Problem(field, $"must be a list (got {Kind(v)})");
            return null;
        }
        return v.EnumerateArray().Select((e, i) => (e, $"{At(field)}[{i}]")).ToList();
    }

    public string? OneOf(string field, IReadOnlyCollection<string> allowed, bool required = false)
    {
        string? value = String(field, required);
        if (value is null) return null;
        if (allowed.Contains(value)) return value;
        Problem(field, $"must be one of {string.Join(", ", allowed)} (got '{value}')");
        return null;
    }

    /// <summary>Names every field of the object that nothing read, with a suggestion when one is close.</summary>
    public void ReportUnknown()
    {
        if (!IsObject) return;
        foreach (var p in _object.EnumerateObject())
        {
            if (_read.Contains(p.Name)) continue;
            string? near = _read.Where(k => Distance(k, p.Name) <= 2).OrderBy(k => Distance(k, p.Name)).FirstOrDefault();
            Problems.Add($"{At(p.Name)}: unknown field" + (near is null ? "" : $" (did you mean '{near}'?)"));
        }
    }

    public static long? IntegerValue(JsonElement v, string path, long min, long max, List<string>? problems = null)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n))
        {
            problems?.Add($"{path}: must be a whole number (got {Kind(v)})");
            return null;
        }
        if (n < min || n > max)
        {
            problems?.Add($"{path}: must be {min}..{max} (got {n})");
            return null;
        }
        return n;
    }

    private long? IntegerValue(JsonElement v, string path, long min, long max) => IntegerValue(v, path, min, max, Problems);

    public double? NumberValue(JsonElement v, string path, double min, double max, bool minExclusive = false)
    {
        if (v.ValueKind != JsonValueKind.Number)
        {
            Problems.Add($"{path}: must be a number (got {Kind(v)})");
            return null;
        }
        double d = v.GetDouble();
        if (!double.IsFinite(d) || (minExclusive ? d <= min : d < min) || d > max)
        {
            Problems.Add($"{path}: must be in {(minExclusive ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}] (got {d.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        return d;
    }

    private TimeSpan? DurationValue(JsonElement v, string path, TimeSpan min, TimeSpan max)
    {
        TimeSpan value;
        string shown;
        if (v.ValueKind == JsonValueKind.Number)
        {
            value = TimeSpan.FromSeconds(v.GetDouble());
            shown = v.GetRawText() + "s";
        }
        else if (v.ValueKind == JsonValueKind.String)
        {
            string text = v.GetString()!.Trim();
            shown = text;
            // DurationParser has no sign; read "-5s" as negative so the message says what is wrong.
            bool negative = text.StartsWith('-');
            if (!DurationParser.TryParse(negative ? text[1..] : text, out value))
            {
                Problems.Add($"{path}: '{text}' is not a duration (e.g. 500ms, 5s, 1m30s)");
                return null;
            }
            if (negative) value = -value;
        }
        else
        {
            Problems.Add($"{path}: must be a duration such as \"5s\" (got {Kind(v)})");
            return null;
        }
        if (value < min || value > max)
        {
            string range = min == TimeSpan.Zero ? $"0..{Show(max)}" : $"{Show(min)}..{Show(max)}";
            Problems.Add($"{path}: must be {range} (got {shown})" + (value < TimeSpan.Zero ? ": durations cannot be negative" : ""));
            return null;
        }
        return value;
    }

    private static string Show(TimeSpan t) => ModelText.Duration(t);

    public static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"\"{v.GetString()}\"",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1),
                    d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
