using System.Runtime.InteropServices;

namespace Bench.Servers.Hosting;

/// <summary>
/// CPython's own CPU per request for <c>--py-cost</c>: the twins share a fast C# HTTP path, so with
/// <c>--gil</c> they model the lock but not the interpreter's slowness (building the environ or
/// scope, running the app's bytecode, the server's Python-level callbacks). This spends a fixed
/// amount of the request thread's CPU time — CPU time, not wall time, so being preempted on a busy
/// core or waiting for the GIL does not count — as app code does: while holding the GIL, handing it
/// over at the switch interval like any CPU-bound Python code. The amount comes from a peer's
/// measured CPU per request minus the twin's own (loadgen's calibration); 0, the default, costs one
/// branch per request.
/// </summary>
public sealed class InterpreterCost
{
    public static readonly InterpreterCost None = new(0, Gil.None);

    private readonly long _nanoseconds;
    private readonly Gil _gil;

    public InterpreterCost(int microseconds, Gil gil)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        _nanoseconds = microseconds * 1000L;
        _gil = gil;
    }

    public int Microseconds => (int)(_nanoseconds / 1000);

    /// <summary>Called once per request (HTTP or WebSocket handshake) by app code, with the GIL held when it is modelled.</summary>
    public void Spend()
    {
        if (_nanoseconds == 0) return;
        long end = ThreadCpu.Nanoseconds() + _nanoseconds;
        ulong hash = 14695981039346656037;
        do
        {
            // About 10 µs of work between clock reads: the read is a system call, kept to a few % of the spend.
            for (int i = 0; i < 8192; i++)
            {
                hash ^= (uint)i;
                hash *= 1099511628211;
            }
            _gil.Tick();
        }
        while (ThreadCpu.Nanoseconds() < end);
        GC.KeepAlive(hash);
    }

    /// <summary>The calling thread's CPU time (user + system), from clock_gettime(CLOCK_THREAD_CPUTIME_ID).</summary>
    internal static class ThreadCpu
    {
        private const int ClockThreadCputimeId = 3;

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = false)]
        private static extern int ClockGetTime(int clock, out Timespec time);

        public static long Nanoseconds()
        {
            if (ClockGetTime(ClockThreadCputimeId, out var t) != 0) throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
            return t.Seconds * 1_000_000_000L + t.Nanoseconds;
        }
    }
}
