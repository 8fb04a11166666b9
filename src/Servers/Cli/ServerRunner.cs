using System.Runtime.InteropServices;
using Bench.Servers.Hosting;

namespace Bench.Servers.Cli;

/// <summary>Runs a target until SIGTERM or SIGINT, then shuts it down gracefully and exits 0.</summary>
internal static class ServerRunner
{
    public static async Task<int> RunAsync(IBenchServer server, string host, TimeSpan grace)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        // The console's writers dup their descriptor on first use. Clients can connect as soon as the
        // server listens, before "listening on" is written: at the descriptor limit that first use threw
        // EMFILE here and the server exited (seen in DescriptorExhaustionTests). Open both now.
        Console.Out.Flush();
        Console.Error.Flush();
        try
        {
            await server.StartAsync();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            Console.Error.WriteLine($"bench-server: cannot listen on {host}: {e.Message}");
            return 1;
        }
        Console.Out.WriteLine($"listening on {server.Scheme}://{host}:{server.Port}");
        Console.Out.Flush();
        await stop.Task;
        Console.Error.WriteLine("bench-server: shutting down");
        await server.StopAsync(grace);
        await server.DisposeAsync();
        return 0;
    }
}
