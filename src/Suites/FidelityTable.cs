using System.Globalization;
using Bench.Suites.Claims;
using Bench.Suites.Results;

namespace Bench.Suites;

/// <summary>
/// The console's fidelity table: for each twin/peer pair, every shared cell with both figures and
/// twin ÷ peer, then the sentences of <see cref="Fidelity"/>. Prints nothing for runs without pairs.
/// </summary>
public static class FidelityTable
{
    public static void Print(IReadOnlyList<CellResult> cells, TextWriter o) => Print(Fidelity.Of(cells), o);

    public static void Print(FidelityReport report, TextWriter o)
    {
        foreach (var pair in report.Pairs)
        {
            o.WriteLine();
            o.WriteLine($"fidelity: {pair.Title} ({pair.Model})");
            o.WriteLine($"  {"scenario",-12} {"conns",6} {"measure",-10} {"twin",9} {"peer",9} {"twin÷peer",9} {"expected",9}");
            foreach (var r in pair.Rows)
                o.WriteLine($"  {r.Scenario,-12} {r.Connections,6} {r.Measure,-10} {Num(r.Twin),9} {Num(r.Peer),9} {(r.Ratio is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-"),9} {Num(r.Expected),9}");
            foreach (var s in pair.Agree) o.WriteLine($"  agree:  {s}");
            foreach (var s in pair.Differ) o.WriteLine($"  differ: {s}");
            foreach (var s in pair.NotCompared) o.WriteLine($"  not compared: {s}");
        }
    }

    private static string Num(double? v) => v is { } x ? x.ToString("N0", CultureInfo.InvariantCulture) : "-";
}
