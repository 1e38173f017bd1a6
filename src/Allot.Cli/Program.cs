using Allot.Cli;

return AllotCli.Run(args);
