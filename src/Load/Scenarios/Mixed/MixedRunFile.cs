using Bench.Load.Vocabulary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bench.Load.Clients;
using Bench.Load.Clients.Tls;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Scenarios.Sessions;
using Bench.Load.Thresholds;

namespace Bench.Load.Scenarios.Mixed;

/// <summary>
/// A mixed run as JSON (<c>loadgen run --scenario-file mixed.json</c>):
/// <code>
/// { "url": "http://127.0.0.1:8000",
///   "parts": [
///     { "name": "streams", "scenario": "sse", "connections": 5000, "rampRate": 1000, "duration": "40s", "eventInterval": "1s" },
///     { "name": "probe", "scenario": "http", "path": "/hello", "rate": 50, "vus": 50, "start": "10s", "duration": "25s", "timeout": "1s",
///       "thresholds": ["p99&lt;100ms", "errors&lt;1%"] } ] }
/// </code>
/// https:// and wss:// parts take a <c>"tls"</c> object (<see cref="TlsDto"/>: the TLS flags' fields), at
/// the top for all of them or in a part for that part. Durations are strings ("500ms", "1m30s") or seconds; unknown fields are errors, so a typo
/// cannot silently fall back to a default. Every problem names its path.
/// </summary>
public static class MixedRunFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record FileDto(string? Url, string? SourceAddresses, TlsDto? Tls, List<PartDto>? Parts);

    private sealed record PartDto(
        string? Name, string? Scenario, string? Url, string? Path, JsonElement? Start, JsonElement? Duration, JsonElement? Timeout,
        int? Connections, double? RampRate, int? Events, JsonElement? EventInterval, bool? Reconnect,
        int? MessageSize, double? MessageRate, int? RoomSize, JsonElement? PingInterval, JsonElement? TrickleInterval,
        int? Vus, double? Rate, List<string>? Thresholds, TlsDto? Tls);

    /// <summary>The parts, ready to run; the caller disposes them after the run. Null with problems when the file is not valid.</summary>
    /// <param name="shard">The part of every scenario this process runs (<c>--shard</c>); the file describes the whole run.</param>
    public static IReadOnlyList<MixedPart>? Read(string path, ValidityLimits limits, List<string> problems, List<IDisposable> owned, Shard? shard = null)
    {
        FileDto? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<FileDto>(stream, Options);
        }
        catch (JsonException ex)
        {
            problems.Add($"{ex.Path ?? "$"}: {ex.Message.Split(". Path:")[0]}");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read {path}: {ex.Message}");
            return null;
        }
        if (file?.Parts is not { Count: > 0 } dtos)
        {
            problems.Add("parts: required, a list of scenarios");
            return null;
        }
        var sources = SourceAddresses.None;
        if (file.SourceAddresses is { } s && !SourceAddresses.TryParse(s, out sources, out string why)) problems.Add($"sourceAddresses: {why}");

        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var fileTls = file.Tls?.Read(directory, "tls", problems);
        var parts = new List<MixedPart>();
        bool anyTls = false;
        for (int i = 0; i < dtos.Count; i++)
        {
            var d = dtos[i];
            string at = $"parts[{i}]";
            string name = d.Name ?? $"part{i + 1}";
            string? urlText = d.Url ?? file.Url;
            if (urlText is null || !Uri.TryCreate(urlText, UriKind.Absolute, out var url))
            {
                problems.Add($"{at}.url: required, an absolute http:// or ws:// URL (here or at the top)");
                continue;
            }
            if (d.Path is { } p) url = new Uri(url, p);
            var start = Duration(d.Start, $"{at}.start", problems) ?? TimeSpan.Zero;
            var duration = Duration(d.Duration, $"{at}.duration", problems) ?? TimeSpan.FromSeconds(10);
            var timeout = Duration(d.Timeout, $"{at}.timeout", problems) ?? TimeSpan.FromSeconds(10);
            var thresholds = new List<Threshold>();
            foreach (var t in d.Thresholds ?? [])
                if (ThresholdParser.TryParse(t, out var th, out string err)) thresholds.Add(th!);
                else problems.Add($"{at}.thresholds: {err}");
            string kind = d.Scenario ?? "http";
            bool tlsUrl = url.Scheme is "https" or "wss";
            anyTls |= tlsUrl;
            if (d.Tls is not null && !tlsUrl) problems.Add($"{at}.tls: applies to https:// and wss:// URLs only (got {url})");
            var tls = (d.Tls is { } own ? own.Read(directory, $"{at}.tls", problems) : fileTls) ?? new TlsSettings();

            if (kind == "http")
            {
                var scenario = new HttpScenario(new HttpTarget { Url = url, Tls = tls });
                owned.Add(scenario);
                ILoadModel model = d.Rate is { } rate
                    ? new ConstantRate { Rate = rate, Duration = duration, Vus = d.Vus ?? 10 }
                    : new ConstantVus { Vus = d.Vus ?? 10, Duration = duration };
                parts.Add(new MixedPart(name, start, new RunPlan { Scenario = scenario, Model = Sharding.Apply(model, shard ?? Shard.Whole), Timeout = timeout, Thresholds = thresholds, Limits = limits }));
                continue;
            }
            var defaults = new StreamOptions { Kind = kind, Url = url, Tls = tls };
            var spec = defaults with
            {
                Duration = duration,
                Timeout = timeout,
                Connections = d.Connections ?? defaults.Connections,
                RampRate = d.RampRate ?? defaults.RampRate,
                Events = d.Events ?? defaults.Events,
                EventInterval = Duration(d.EventInterval, $"{at}.eventInterval", problems) ?? defaults.EventInterval,
                Reconnect = d.Reconnect ?? false,
                MessageSize = d.MessageSize ?? defaults.MessageSize,
                MessageRate = d.MessageRate ?? defaults.MessageRate,
                RoomSize = d.RoomSize ?? defaults.RoomSize,
                PingInterval = Duration(d.PingInterval, $"{at}.pingInterval", problems) ?? defaults.PingInterval,
                TrickleInterval = Duration(d.TrickleInterval, $"{at}.trickleInterval", problems) ?? defaults.TrickleInterval,
                SourceAddresses = sources,
                Shard = shard ?? Shard.Whole,
            };
            var specProblems = spec.Validate();
            if (specProblems.Count > 0)
            {
                problems.AddRange(specProblems.Select(x => $"{at}.{x}"));
                continue;
            }
            var longLived = ScenarioFactory.Create(spec);
            owned.Add(longLived);
            parts.Add(new MixedPart(name, start, ScenarioFactory.Plan(spec, longLived, thresholds, limits)));
        }
        if (file.Tls is not null && !anyTls)
            problems.Add("tls: applies to https:// and wss:// URLs only (no part has one)");
        problems.AddRange(MixedRunner.Validate(parts));
        return problems.Count == 0 ? parts : null;
    }

    private static TimeSpan? Duration(JsonElement? value, string path, List<string> problems)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return TimeSpan.FromSeconds(v.GetDouble());
        if (v.ValueKind == JsonValueKind.String && DurationParser.TryParse(v.GetString()!, out var d)) return d;
        problems.Add($"{path}: {v.GetRawText()} is not a duration (e.g. \"500ms\", \"30s\", \"1m30s\")");
        return null;
    }
}
