namespace Bench.Servers.Hosting;

/// <summary>
/// How many connections fit under the process's descriptor limit, leaving room for everything else
/// the process opens. A thread-per-connection server that stops accepting there (as gunicorn stops at
/// worker_connections) never reaches EMFILE through its own connections: at EMFILE the runtime itself
/// can fail (measured: "Out of memory." and an abort in about one run in eight at 256 descriptors).
/// </summary>
public static class DescriptorBudget
{
    /// <summary>Descriptors left for the runtime's own lazy opens and for sockets between accept and close.</summary>
    public const int Headroom = 64;

    /// <summary>
    /// Connections each of <paramref name="workers"/> may hold: <paramref name="configured"/>, or fewer when
    /// the descriptors free now cannot hold that many. <paramref name="capped"/> says which.
    /// </summary>
    public static int PerWorker(int configured, int workers, out bool capped)
    {
        long limit = Bench.Native.LinuxNative.OpenFilesLimit();
        int? inUse = OpenNow();
        capped = false;
        if (limit <= 0 || inUse is null) return configured;
        long fits = Math.Max(1, (limit - inUse.Value - Headroom) / workers);
        if (fits >= configured) return configured;
        capped = true;
        return (int)fits;
    }

    /// <summary>Descriptors open in this process now, or null when /proc cannot tell.</summary>
    private static int? OpenNow()
    {
        try { return Directory.GetFileSystemEntries("/proc/self/fd").Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
