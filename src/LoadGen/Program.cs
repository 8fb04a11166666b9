// Entry point of the load generator; the commands are built in the Cli folder.
return Bench.LoadGen.Cli.LoadGenCli.Run(args);
