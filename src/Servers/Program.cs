// Entry point of bench-server; the sub-commands are built in the Cli folder.
if (args.Length > 0 && args[0] is "wsgi" or "asgi")
{
    // The twins schedule their own work (a loop thread, a pool of threads): let the socket engine's
    // epoll thread hand completions to them directly instead of through the .NET ThreadPool. Measured
    // with wrk on one pinned core it saves a thread hop per I/O. Kestrel keeps its defaults.
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}
return Bench.Servers.Cli.ServerCli.Run(args);
