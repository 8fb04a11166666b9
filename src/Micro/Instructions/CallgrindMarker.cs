using System.Runtime.InteropServices;

namespace Bench.Micro.Instructions;

/// <summary>
/// Phase boundaries for callgrind without a C helper: the counting process runs under
/// <c>--dump-before=getppid</c>, so each call of libc's getppid here writes the instructions
/// counted since the previous one to a file of its own. The runtime never calls getppid on its
/// own in these runs (the runner checks that the number of dumps matches the phases).
/// </summary>
public static class CallgrindMarker
{
    public const string Function = "getppid";

    // DllImport, not LibraryImport: a blittable call with no arguments needs no generated marshalling (or unsafe code).
    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentPid();

    public static void Mark() => GetParentPid();
}
