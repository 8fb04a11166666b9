using System.Net;
using System.Runtime.InteropServices;
using Bench.Native;
using static Bench.Native.LinuxNative;

namespace Bench.Load.Calibration;

/// <summary>
/// A loopback HTTP/1.1 target that does nothing but answer: one epoll thread, pinned away from
/// the generator where the machine has a CPU to spare, reads each connection into one shared
/// buffer and answers every request (a head without a body) with the same 38-byte 200. It costs
/// less per request than any real server, so a run against it measures the generator.
/// </summary>
public sealed unsafe class NullTarget : IDisposable
{
    private static readonly byte[] Response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private const int MaxEvents = 512;
    private const ulong ListenData = ulong.MaxValue;
    private const ulong StopData = ulong.MaxValue - 1;

    private readonly int _listen;
    private readonly Epoll _epoll = new();
    private readonly EventFd _stop = new();
    private readonly Thread _thread;
    private readonly IReadOnlyList<int> _cpus;
    private int[] _matched = new int[1024];
    private volatile bool _stopping;
    private volatile int _threadId;

    /// <param name="cpus">Where the target's thread runs; empty: wherever the process may.</param>
    public NullTarget(IReadOnlyList<int> cpus)
    {
        _cpus = cpus;
        _listen = Sockets.Listen(new IPEndPoint(IPAddress.Loopback, 0), 4096, reusePort: false);
        Port = Sockets.LocalEndPoint(_listen)!.Port;
        _epoll.Add(_listen, EPOLLIN, ListenData);
        _epoll.Add(_stop.Fd, EPOLLIN, StopData);
        _thread = new Thread(Run) { IsBackground = true, Name = "loadgen-null-target" };
        _thread.Start();
    }

    public int Port { get; }

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    /// <summary>
    /// CPU time the target's thread has used so far. It runs inside loadgen's process, so the
    /// process's CPU includes it; a calibration subtracts it to get the generator's own share.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            int id = _threadId;
            if (id == 0) return TimeSpan.Zero;
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            foreach (System.Diagnostics.ProcessThread thread in process.Threads)
                if (thread.Id == id) return thread.TotalProcessorTime;
            return TimeSpan.Zero;
        }
    }

    private void Run()
    {
        if (_cpus.Count > 0) Engine.CpuAffinity.PinCurrentThread(_cpus);
        // The kernel's id of this thread (/proc/thread-self -> <pid>/task/<tid>), which ProcessThread.Id is.
        if (new DirectoryInfo("/proc/thread-self").LinkTarget is { } link && int.TryParse(Path.GetFileName(link), out int tid)) _threadId = tid;
        var events = (EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(EpollEvent));
        var buffer = new byte[64 * 1024];
        var replies = new byte[Response.Length * 64];
        for (int i = 0; i < 64; i++) Response.CopyTo(replies, i * Response.Length);
        try
        {
            while (!_stopping)
            {
                int n = _epoll.Wait(events, MaxEvents, 200);
                for (int i = 0; i < n; i++)
                {
                    ulong data = events[i].Data;
                    if (data == StopData) return;
                    if (data == ListenData) AcceptAll();
                    else Serve((int)data, buffer, replies);
                }
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private void AcceptAll()
    {
        while (true)
        {
            int fd = Sockets.Accept(_listen);
            if (fd < 0) return; // EAGAIN, or a resource limit: the next readiness retries
            Sockets.SetNoDelay(fd);
            if (fd >= _matched.Length) Array.Resize(ref _matched, Math.Max(fd + 1, _matched.Length * 2));
            _matched[fd] = 0;
            _epoll.Add(fd, EPOLLIN, (ulong)fd);
        }
    }

    /// <summary>Counts the requests' blank lines (CRLFCRLF, also across reads) and sends one answer per request.</summary>
    private void Serve(int fd, byte[] buffer, byte[] replies)
    {
        nint n = Sockets.Receive(fd, buffer);
        if (n == -EAGAIN) return;
        if (n <= 0)
        {
            Sockets.Close(fd);
            return;
        }
        int matched = _matched[fd], requests = 0;
        for (int i = 0; i < n; i++)
        {
            byte b = buffer[i];
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4)
            {
                requests++;
                matched = 0;
            }
        }
        _matched[fd] = matched;
        while (requests > 0)
        {
            int batch = Math.Min(requests, 64);
            // Requests of one connection are few and small: the socket buffer takes the answers.
            Sockets.Send(fd, replies.AsSpan(0, batch * Response.Length));
            requests -= batch;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _stop.Signal();
        _thread.Join(TimeSpan.FromSeconds(2));
        Sockets.Close(_listen);
        _epoll.Dispose();
        _stop.Dispose();
    }
}
