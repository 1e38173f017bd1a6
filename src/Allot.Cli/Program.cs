using Allot.Cli;

AllotCli.OwnsProcess = true;
return AllotCli.Run(args);
