namespace Bench.Suites.Sampling;

/// <summary>
/// CPU time of a process tree's threads from /proc/PID/task/TID/schedstat (nanoseconds on a CPU, finer
/// than stat's 10 ms ticks), all of them or only those whose name matches — a twin's app threads
/// (<c>asgi-loop-N</c>, <c>wsgi-W-N</c>), the ones that run app code under its GIL.
/// </summary>
public static class ThreadCpu
{
    /// <summary>Threads that run a twin's application code: its event loops and its WSGI pool (not the acceptor).</summary>
    public static bool IsAppThread(string name) =>
        name.StartsWith("asgi-loop", StringComparison.Ordinal) ||
        (name.StartsWith("wsgi-", StringComparison.Ordinal) && name.Length > 0 && char.IsAsciiDigit(name[^1]));

    public static double Seconds(int root, Func<string, bool>? threadFilter = null)
    {
        long ns = 0;
        foreach (int pid in ProcessTree.Of(root))
        {
            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories($"/proc/{pid}/task").ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var task in tasks)
            {
                try
                {
                    if (threadFilter is not null && !threadFilter(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))) continue;
                    var first = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ', 2)[0];
                    ns += long.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
                {
                    // The thread ended between listing and reading: its time is gone with it.
                }
            }
        }
        return ns / 1e9;
    }
}
