// Entry point of bench-server; the sub-commands are built in the Cli folder.
return Bench.Servers.Cli.ServerCli.Run(args);
