using System.Globalization;

namespace Bench.Micro.Instructions;

/// <summary>Reads callgrind's dump files: each holds the instructions (event Ir) counted since the previous dump.</summary>
public static class CallgrindDumps
{
    /// <summary>
    /// The numbered dumps of one run in the order they were written: OUT.1, OUT.2, … (one per
    /// marker; OUT.1-02 with --separate-threads, one thread's file per dump). The dump written at
    /// exit (OUT, or OUT-NN per thread) is not read.
    /// </summary>
    public static IReadOnlyList<long> Read(string outFile)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(outFile))!;
        string prefix = Path.GetFileName(outFile) + ".";
        var numbered = Directory.EnumerateFiles(dir, prefix + "*")
            .Where(f => Path.GetFileName(f).Length > prefix.Length)
            .Select(f => (File: f, Part: int.TryParse(Path.GetFileName(f)[prefix.Length..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int p) ? p : -1))
            .Where(x => x.Part > 0)
            .OrderBy(x => x.Part)
            .Select(x => Instructions(x.File))
            .ToList();
        return numbered;
    }

    /// <summary>The "totals:" (or "summary:") line of one dump: its first event is Ir, instructions executed.</summary>
    public static long Instructions(string file)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith("totals:", StringComparison.Ordinal) || line.StartsWith("summary:", StringComparison.Ordinal))
            {
                var first = line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0];
                return long.Parse(first, NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidDataException($"{file}: no totals line (not a callgrind dump?)");
    }
}
