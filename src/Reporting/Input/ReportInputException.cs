namespace Bench.Reporting.Input;

/// <summary>A results file the report cannot read; the message is the one line the CLI prints.</summary>
public sealed class ReportInputException(string message) : Exception(message);
