using System.Globalization;
using System.Text.Json;
using Bench.Load.Engine;
using Bench.Load.Models;
using Bench.Load.Thresholds;

namespace Bench.Suites;

/// <summary>One measurement: a target under one scenario at one sweep value, one repeat.</summary>
public sealed record SuiteCell
{
    public required int Index { get; init; }

    /// <summary>Stable and readable: "io-wait/wsgi-32/users/c100/r1".</summary>
    public required string Id { get; init; }

    public required GroupSpec Group { get; init; }

    public required string GroupPath { get; init; }

    public required TargetSpec Target { get; init; }

    public required ScenarioEntry Scenario { get; init; }

    public int? Connections { get; init; }

    public double? Rate { get; init; }

    public required int Repeat { get; init; }

    public required ILoadModel Model { get; init; }

    /// <summary>The suite file as written: a shard process (<see cref="CellShards"/>) rebuilds this cell from it by <see cref="Id"/>.</summary>
    public JsonElement Suite { get; init; }

    public CellTiming Timing => Group.Timing;

    /// <summary>"100 connections" or "500 req/s".</summary>
    public string Load => Connections is { } c ? $"{c:N0} connections" : $"{ModelText.Number(Rate ?? 0)} req/s";

    /// <summary>Planned seconds of load (warm-up + measured), for the estimate of what is left.</summary>
    public double PlannedSeconds => Timing.Warmup.TotalSeconds + Model.Duration.TotalSeconds;

    /// <summary>The cell's run against a built scenario: the same plan in the suite's process and in each of its shard processes.</summary>
    /// <param name="cpus">The CPUs loadgen runs on, recorded in the results (null: not pinned).</param>
    public RunPlan PlanFor(IScenario scenario, IReadOnlyList<int>? cpus) => new()
    {
        Scenario = scenario,
        Model = Model,
        Warmup = Timing.Warmup,
        Timeout = Timing.Timeout,
        GracefulStop = Timing.GracefulStop,
        Thresholds = Timing.Thresholds.Select(t => ThresholdParser.TryParse(t, out var th, out _) ? th! : throw new InvalidOperationException(t)).ToList(),
        Cpus = cpus,
    };
}

/// <summary>Expands a suite's groups into cells in run order.</summary>
public static class CellPlanner
{
    /// <summary>
    /// Order within a group: repeat, scenario, sweep value, target — so the targets being compared
    /// run back to back at each load and repeats are spread over time (drift on a shared machine
    /// then hits every target alike, as crank-pr's back-to-back runs do).
    /// </summary>
    public static IReadOnlyList<SuiteCell> Expand(SuiteDefinition suite)
    {
        var cells = new List<SuiteCell>();
        var targets = suite.Targets.ToDictionary(t => t.Name);
        var scenarios = suite.Scenarios.ToDictionary(s => s.Name);
        for (int g = 0; g < suite.Groups.Count; g++)
        {
            var group = suite.Groups[g];
            var sweep = group.Connections?.Select(c => ((int?)c, (double?)null))
                ?? group.Rates!.Select(r => ((int?)null, (double?)r));
            for (int repeat = 1; repeat <= group.Timing.Repeats; repeat++)
                foreach (var scenarioName in group.Scenarios)
                    foreach (var (connections, rate) in sweep)
                        foreach (var targetName in group.Targets)
                        {
                            string load = connections is { } c ? $"c{c}" : $"r{rate!.Value.ToString(CultureInfo.InvariantCulture)}";
                            cells.Add(new SuiteCell
                            {
                                Index = cells.Count,
                                Id = $"{group.Name}/{targetName}/{scenarioName}/{load}/{repeat}",
                                Group = group,
                                GroupPath = $"groups[{g}]",
                                Target = targets[targetName],
                                Scenario = scenarios[scenarioName],
                                Connections = connections,
                                Rate = rate,
                                Repeat = repeat,
                                Model = ModelFor(group, connections, rate),
                                Suite = suite.Source,
                            });
                        }
        }
        return cells;
    }

    private static ILoadModel ModelFor(GroupSpec group, int? connections, double? rate) => connections is { } c
        ? new ConstantVus { Vus = c, Duration = group.Timing.Duration }
        // Open model: enough connections that a slow target, not the budget, sets the latency;
        // wrk2 leaves this to the user, k6 calls it preAllocatedVUs.
        : new ConstantRate { Rate = rate!.Value, Duration = group.Timing.Duration, Vus = group.Vus ?? (int)Math.Clamp(rate.Value / 10, 50, 2000) };
}
