using System.Text.Json;
using System.Text.RegularExpressions;
using Bench.Load.Models;
using Bench.Load.Scale;
using Bench.Load.Thresholds;

namespace Bench.Suites;

/// <summary>What validation found: the suite (null if anything is wrong), every problem, and notices that do not stop it.</summary>
public sealed record SuiteValidation(SuiteDefinition? Suite, IReadOnlyList<string> Problems, IReadOnlyList<string> Notices)
{
    public bool Ok => Suite is not null && Problems.Count == 0;
}

/// <summary>
/// Reads a suite file and checks all of it before anything starts: unknown (typo'd) fields,
/// ranges, durations, references between groups, targets and scenarios, thresholds, and every
/// cell's load model. Each problem names its JSON path.
/// </summary>
public static partial class SuiteParser
{
    public const int FormatVersion = 1;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public static SuiteValidation ParseFile(string path, ScenarioReaders? kinds = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SuiteValidation(null, [$"{path}: cannot read: {ex.Message}"], []);
        }
        return Parse(text, kinds);
    }

    public static SuiteValidation Parse(string json, ScenarioReaders? kinds = null)
    {
        kinds ??= ScenarioReaders.Default;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new SuiteValidation(null, [$"not valid JSON: line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message.Split(" LineNumber")[0]}"], []);
        }
        using (doc)
        {
            var problems = new List<string>();
            var notices = new List<string>();
            var root = new JsonFields(doc.RootElement, "", problems);
            if (!root.IsObject) return new SuiteValidation(null, problems, notices);

            root.Integer("version", FormatVersion, FormatVersion);
            string? name = ReadName(root);
            string description = root.String("description") ?? "";
            var defaults = ReadTiming(root.TryGet("defaults", out var d) ? new JsonFields(d, "defaults", problems) : null, new CellTiming());

            var targets = ReadList(root, "targets", (e, p) => TargetParser.Parse(e, p, problems));
            var scenarios = ReadList(root, "scenarios", (e, p) => ReadScenario(e, p, problems, notices, kinds));
            CheckUnique(targets.Select(t => t.Item?.Name), targets.Select(t => t.Path), problems);
            CheckUnique(scenarios.Select(s => s.Item?.Name), scenarios.Select(s => s.Path), problems);
            var targetNames = targets.Where(t => t.Item is not null).Select(t => t.Item!.Name).ToHashSet();
            var scenarioNames = scenarios.Where(s => s.Item is not null).Select(s => s.Item!.Name).ToHashSet();

            var groups = ReadList(root, "groups", (e, p) => ReadGroup(e, p, problems, defaults, targetNames, scenarioNames));
            CheckUnique(groups.Select(g => g.Item?.Name), groups.Select(g => g.Path), problems);
            root.ReportUnknown();

            if (problems.Count > 0 || name is null) return new SuiteValidation(null, problems, notices);
            var suite = new SuiteDefinition
            {
                Name = name,
                Description = description,
                Targets = targets.Select(t => t.Item!).ToList(),
                Scenarios = scenarios.Select(s => s.Item!).ToList(),
                Groups = groups.Select(g => g.Item!).ToList(),
                Source = doc.RootElement.Clone(),
            };
            // Every cell's load model goes through the engine's own checks, so nothing the
            // engine would refuse can surface halfway through a run.
            foreach (var cell in CellPlanner.Expand(suite))
                foreach (var p in cell.Model.Validate(cell.Group.MaxVus))
                    problems.Add($"{cell.GroupPath}: cell {cell.Id}: {p}");
            return problems.Count > 0 ? new SuiteValidation(null, problems, notices) : new SuiteValidation(suite, problems, notices);
        }
    }

    internal static string? ReadName(JsonFields f)
    {
        string? name = f.String("name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            f.Problem("name", $"must be 1-64 letters, digits, '.', '_' or '-' (got '{name}')");
            return null;
        }
        return name;
    }

    private static List<(T? Item, string Path)> ReadList<T>(JsonFields root, string field, Func<JsonElement, string, T?> read) where T : class
    {
        var items = root.Items(field, required: true);
        if (items is { Count: 0 }) root.Problem(field, "must not be empty");
        return (items ?? []).Select(i => (read(i.Item, i.Path), i.Path)).ToList();
    }

    private static void CheckUnique(IEnumerable<string?> names, IEnumerable<string> paths, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, path) in names.Zip(paths))
            if (name is not null && !seen.Add(name)) problems.Add($"{path}.name: '{name}' is used twice");
    }

    private static ScenarioEntry? ReadScenario(JsonElement e, string path, List<string> problems, List<string> notices, ScenarioReaders kinds)
    {
        var f = new JsonFields(e, path, problems);
        if (!f.IsObject) return null;
        string? name = ReadName(f);
        string? kind = f.String("kind", required: true);
        if (kind is null) return null;
        var factory = kinds.Find(kind);
        if (factory is null)
        {
            if (kinds.IsPlanned(kind))
            {
                // Its own fields cannot be checked without its parser; accept them and skip its cells.
                foreach (var p in e.EnumerateObject()) f.Accept(p.Name);
                notices.Add($"{f.At("kind")}: '{kind}' is not available yet; its cells will be skipped");
                return name is null ? null : new ScenarioEntry { Name = name, Kind = kind, Options = e.Clone(), UnavailableReason = $"scenario kind '{kind}' is not available yet" };
            }
            f.Problem("kind", $"unknown scenario kind '{kind}' (known: {string.Join(", ", kinds.Names)})");
            foreach (var p in e.EnumerateObject()) f.Accept(p.Name);
            return null;
        }
        var build = factory.Parse(f);
        f.ReportUnknown();
        return name is null || build is null ? null : new ScenarioEntry { Name = name, Kind = kind, Options = e.Clone(), Factory = build };
    }

    private static GroupSpec? ReadGroup(JsonElement e, string path, List<string> problems, CellTiming defaults, HashSet<string> targets, HashSet<string> scenarios)
    {
        var f = new JsonFields(e, path, problems);
        if (!f.IsObject) return null;
        string? name = ReadName(f);
        int? claim = (int?)f.Integer("claim", 1, Claims.ClaimCatalog.MaxId);
        var groupTargets = References(f, "targets", targets);
        var groupScenarios = References(f, "scenarios", scenarios);
        int processes = (int)(f.Integer("processes", 1, ShardProcesses.MaxProcesses) ?? 1);
        // Each process holds what one process can; the cell as a whole may hold that many times over.
        int maxVus = ModelLimits.MaxVus * processes;

        List<int>? connections = null;
        List<double>? rates = null;
        if (f.Items("connections") is { } cs)
        {
            connections = cs.Select(c => (int?)JsonFields.IntegerValue(c.Item, c.Path, 1, maxVus, problems)).OfType<int>().ToList();
            if (cs.Count == 0) f.Problem("connections", "must not be empty");
        }
        if (f.Items("rate") is { } rs)
        {
            rates = rs.Select(r => f.NumberValue(r.Item, r.Path, 0, ModelLimits.MaxRate, minExclusive: true)).OfType<double>().ToList();
            if (rs.Count == 0) f.Problem("rate", "must not be empty");
        }
        if (connections is null && rates is null && !f.Has("connections") && !f.Has("rate"))
            f.Problem("connections", "required: a sweep of connections (closed model) or of rate (open model)");
        if (f.Has("connections") && f.Has("rate"))
            f.Problem("rate", "give either connections or rate, not both");
        int? vus = (int?)f.Integer("vus", 1, maxVus);
        if (vus is not null && !f.Has("rate")) f.Problem("vus", "only applies to a rate sweep (the connection budget of the open model)");

        var timing = ReadTiming(f, defaults);
        f.ReportUnknown();
        if (name is null || groupTargets is null || groupScenarios is null || (connections is null && rates is null)) return null;
        return new GroupSpec
        {
            Name = name,
            Claim = claim,
            Targets = groupTargets,
            Scenarios = groupScenarios,
            Connections = connections,
            Rates = rates,
            Vus = vus,
            Processes = processes,
            Timing = timing,
        };
    }

    private static IReadOnlyList<string>? References(JsonFields f, string field, HashSet<string> known)
    {
        var names = f.Strings(field, required: true);
        if (names is null) return null;
        if (names.Count == 0) f.Problem(field, "must not be empty");
        for (int i = 0; i < names.Count; i++)
            if (!known.Contains(names[i]))
                f.Problems.Add($"{f.At(field)}[{i}]: no {field[..^1]} named '{names[i]}'");
        return names;
    }

    /// <summary>warmup, duration, timeout, gracefulStop, repeats, thresholds: in "defaults" or a group.</summary>
    private static CellTiming ReadTiming(JsonFields? f, CellTiming fallback)
    {
        if (f is null || !f.IsObject) return fallback;
        var timing = fallback with
        {
            Warmup = f.Duration("warmup", TimeSpan.Zero, TimeSpan.FromHours(1)) ?? fallback.Warmup,
            Duration = f.Duration("duration", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(24)) ?? fallback.Duration,
            Timeout = f.Duration("timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1)) ?? fallback.Timeout,
            GracefulStop = f.Duration("gracefulStop", TimeSpan.Zero, TimeSpan.FromHours(1)) ?? fallback.GracefulStop,
            Repeats = (int?)f.Integer("repeats", 1, 100) ?? fallback.Repeats,
        };
        if (f.Strings("thresholds") is { } thresholds)
        {
            for (int i = 0; i < thresholds.Count; i++)
                if (!ThresholdParser.TryParse(thresholds[i], out _, out string why))
                    f.Problems.Add($"{f.At("thresholds")}[{i}]: {why}");
            timing = timing with { Thresholds = thresholds };
        }
        if (f.Path == "defaults") f.ReportUnknown();
        return timing;
    }
}
