using System.Globalization;

namespace Bench.Suites.Sampling;

/// <summary>Thread stacks found in one process's memory map: how many, and how much of them is resident.</summary>
public readonly record struct StackFigures(int Count, long ResidentBytes);

/// <summary>
/// Finds threads' stacks in /proc/PID/smaps. The kernel no longer labels them, so they are recognised
/// by shape: a private read-write anonymous mapping directly above a no-access guard page, of the size
/// most such mappings share (glibc and .NET give every thread the same stack size, 8 MiB by default
/// here), at least 64 KiB. Their Rss is the stack each thread has actually touched.
/// </summary>
public static class StackReader
{
    private const long MinStackBytes = 64 * 1024;

    public static StackFigures? Read(int pid)
    {
        try
        {
            return Parse(File.ReadLines($"/proc/{pid}/smaps"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static StackFigures Parse(IEnumerable<string> smaps)
    {
        var candidates = new List<(long Size, long RssKiB)>();
        (long Start, long End, string Perms, bool Anonymous)? previous = null, current = null;
        bool currentIsCandidate = false;
        foreach (var line in smaps)
        {
            if (TryHeader(line, out var header))
            {
                previous = current;
                current = header;
                currentIsCandidate = header.Perms == "rw-p" && header.Anonymous && header.End - header.Start >= MinStackBytes
                    && previous is { } p && p.Perms == "---p" && p.End == header.Start;
            }
            else if (currentIsCandidate && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                long kib = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                candidates.Add((current!.Value.End - current.Value.Start, kib));
                currentIsCandidate = false;
            }
        }
        if (candidates.Count == 0) return new StackFigures(0, 0);
        long size = candidates.GroupBy(c => c.Size).MaxBy(g => g.Count())!.Key;
        var stacks = candidates.Where(c => c.Size == size).ToList();
        return new StackFigures(stacks.Count, stacks.Sum(s => s.RssKiB) * 1024);
    }

    // "7f12a0000000-7f12a0800000 rw-p 00000000 00:00 0" — a mapping's header; anonymous when it names no file.
    private static bool TryHeader(string line, out (long Start, long End, string Perms, bool Anonymous) header)
    {
        header = default;
        int dash = line.IndexOf('-');
        int space = line.IndexOf(' ');
        if (dash <= 0 || space < dash || line.Length < space + 5 || !long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start)
            || !long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long end))
            return false;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5) return false;
        bool anonymous = fields.Length == 5 || string.IsNullOrWhiteSpace(fields[5]);
        header = (start, end, fields[1], anonymous);
        return true;
    }
}
