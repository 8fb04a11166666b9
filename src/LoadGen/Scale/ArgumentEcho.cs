using System.CommandLine;
using System.CommandLine.Parsing;

namespace Bench.LoadGen.Scale;

/// <summary>
/// The flags a command line gave, written back out by their canonical names, so a shard process
/// or a Kubernetes pod runs exactly the run the user asked for, whatever aliases or order they used.
/// </summary>
public static class ArgumentEcho
{
    public static List<string> Of(ParseResult parse, Command command, IReadOnlySet<string> leaveOut)
    {
        var args = new List<string>();
        foreach (var option in command.Options)
        {
            if (leaveOut.Contains(option.Name) || parse.GetResult(option) is not OptionResult { Implicit: false } given) continue;
            if (given.Tokens.Count == 0) args.Add(option.Name); // a switch such as --reconnect
            foreach (var token in given.Tokens)
            {
                args.Add(option.Name);
                args.Add(token.Value);
            }
        }
        return args;
    }
}
