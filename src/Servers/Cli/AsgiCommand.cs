using System.CommandLine;
using Bench.Servers.App;
using Bench.Servers.Asgi;

namespace Bench.Servers.Cli;

internal static class AsgiCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var workers = RangeOption.Int("--workers", "Event loops; each is one thread with its own epoll and its own SO_REUSEPORT listening socket, running all I/O and app code of its connections", 1, 1, 256);
        var reusePort = new Option<bool>("--reuse-port") { Description = "Bind with SO_REUSEPORT even with one worker, so several bench-server processes can share the port" };
        var limit = RangeOption.Int("--limit-concurrency", "Answer 503 beyond this many connections or requests; 0 = no limit", 0, 0, 1_000_000);
        var keepalive = RangeOption.Seconds("--keepalive", "Idle time a kept-alive connection waits for its next request", 5, 0, 3600);
        var backlog = RangeOption.Int("--backlog", "Listen backlog", 2048, 1, 65535);
        var gil = new Option<bool>("--gil") { Description = "Model CPython: loop callbacks and app code run under one process-wide lock, switched every 5 ms" };
        var pyCost = PyCostOption.Create();
        var ping = RangeOption.Seconds("--ws-ping-interval", "Seconds between server pings on a WebSocket (jittered)", 20, 0, 3600);
        var maxMessage = RangeOption.Int("--ws-max-size", "Largest WebSocket message in bytes; larger closes with 1009", 16 * 1024 * 1024, 1, int.MaxValue);
        var offload = RangeOption.Int("--offload-threads", "Threads of the pool /offload uses (Starlette: 40)", 40, 1, 4096);

        var command = new Command("asgi", "ASGI-style server: ASGI 3.0 app on single-threaded event loops (uvicorn)");
        common.AddTo(command);
        foreach (var option in new Option[] { workers, reusePort, limit, keepalive, backlog, gil, pyCost, ping, maxMessage, offload }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var options = new AsgiOptions
            {
                Host = result.GetValue(common.Host)!,
                Port = result.GetValue(common.Port),
                Workers = result.GetValue(workers),
                LimitConcurrency = result.GetValue(limit) is > 0 and var l ? l : null,
                KeepAlive = TimeSpan.FromSeconds(result.GetValue(keepalive)),
                Backlog = result.GetValue(backlog),
                ReusePort = result.GetValue(reusePort),
                Gil = result.GetValue(gil),
                WebSocketPingInterval = TimeSpan.FromSeconds(result.GetValue(ping)),
                WebSocketMaxMessage = result.GetValue(maxMessage),
                OffloadThreads = result.GetValue(offload),
                Limits = common.Limits(result),
                GracefulTimeout = TimeSpan.FromSeconds(result.GetValue(common.GracefulTimeout)),
            };
            var server = new AsgiServer(options, runtime => new AsgiDemoApp(runtime, result.GetValue(pyCost)).Invoke);
            return ServerRunner.RunAsync(server, options.Host, options.GracefulTimeout);
        });
        return command;
    }
}
