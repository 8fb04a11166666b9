namespace Bench.Compare.Inputs;

/// <summary>One number from one results file: a metric of a cell (a trial adds one value to the cell's sample).</summary>
public readonly record struct Observation(string Cell, string Metric, double Value);
