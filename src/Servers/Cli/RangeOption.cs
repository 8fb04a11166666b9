using System.CommandLine;

namespace Bench.Servers.Cli;

/// <summary>Options that check their range and say, in one line, which option and which range.</summary>
internal static class RangeOption
{
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = $"{description} [{min}..{max}]", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < min || value > max) result.AddError($"{name}: must be {min}..{max} (got {value})");
        });
        return option;
    }

    public static Option<double> Seconds(string name, string description, double defaultValue, double min, double max)
    {
        var option = new Option<double>(name) { Description = $"{description}, in seconds [{min}..{max}]", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            double value = result.GetValueOrDefault<double>();
            if (double.IsNaN(value) || value < min || value > max) result.AddError($"{name}: must be {min}..{max} seconds (got {value})");
        });
        return option;
    }
}
