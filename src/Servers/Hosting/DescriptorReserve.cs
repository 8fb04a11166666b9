using Microsoft.Win32.SafeHandles;

namespace Bench.Servers.Hosting;

/// <summary>
/// A few descriptors held on /dev/null so the process never runs out entirely: the runtime opens files
/// lazily (an assembly on first use, a native library, the console), and at EMFILE those opens fail
/// and take the request that needed them down with them. The accept loop releases the reserve when
/// accept hits the limit, and takes it back before accepting again.
/// </summary>
internal sealed class DescriptorReserve(int size)
{
    private readonly List<SafeFileHandle> _held = [];

    public bool Held => _held.Count == size;

    /// <summary>Opens the whole reserve, or nothing (false) when descriptors are still short.</summary>
    public bool TryAcquire()
    {
        try
        {
            while (_held.Count < size) _held.Add(File.OpenHandle("/dev/null"));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Release();
            return false;
        }
    }

    public void Release()
    {
        foreach (var handle in _held) handle.Dispose();
        _held.Clear();
    }
}
