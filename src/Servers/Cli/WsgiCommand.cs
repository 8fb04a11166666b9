using System.CommandLine;
using Bench.Servers.App;
using Bench.Servers.Wsgi;

namespace Bench.Servers.Cli;

internal static class WsgiCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var threads = RangeOption.Int("--threads", "Threads per worker; a request holds one from first byte to last (gthread)", 32, 1, 4096);
        var workers = RangeOption.Int("--workers", "Worker pools (gthread) or single-request workers (sync)", 1, 1, 256);
        var mode = new Option<WsgiMode>("--mode") { Description = "gthread: thread pool with keep-alive; sync: one request per worker, then close", DefaultValueFactory = _ => WsgiMode.Gthread };
        var keepalive = RangeOption.Seconds("--keepalive", "Idle time a kept-alive connection waits for its next request", 2, 0, 3600);
        var backlog = RangeOption.Int("--backlog", "Listen backlog", 2048, 1, 65535);
        var workerConnections = RangeOption.Int("--worker-connections", "Open connections per worker before accepting pauses", 1000, 1, 100_000);
        var gil = new Option<bool>("--gil") { Description = "Model CPython: app code runs under one process-wide lock, switched every 5 ms" };
        var pyCost = PyCostOption.Create();
        var ws = new Option<WsgiWebSocketMode>("--ws") { Description = "refuse: answer upgrades with 426; hijack: the app takes the raw socket and keeps its thread", DefaultValueFactory = _ => WsgiWebSocketMode.Refuse };

        var command = new Command("wsgi", "WSGI-style server: PEP 3333 app on a fixed pool of OS threads with blocking sockets (gunicorn gthread/sync)");
        common.AddTo(command);
        foreach (var option in new Option[] { threads, workers, mode, keepalive, backlog, workerConnections, gil, pyCost, ws }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var options = new WsgiOptions
            {
                Host = result.GetValue(common.Host)!,
                Port = result.GetValue(common.Port),
                Threads = result.GetValue(threads),
                Workers = result.GetValue(workers),
                Mode = result.GetValue(mode),
                KeepAlive = TimeSpan.FromSeconds(result.GetValue(keepalive)),
                Backlog = result.GetValue(backlog),
                WorkerConnections = result.GetValue(workerConnections),
                Gil = result.GetValue(gil),
                WebSockets = result.GetValue(ws),
                Limits = common.Limits(result),
                GracefulTimeout = TimeSpan.FromSeconds(result.GetValue(common.GracefulTimeout)),
            };
            var server = new WsgiServer(options, runtime => new WsgiDemoApp(runtime, result.GetValue(pyCost)).Invoke);
            return ServerRunner.RunAsync(server, options.Host, options.GracefulTimeout);
        });
        return command;
    }
}
