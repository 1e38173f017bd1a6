using Allot.Cli;
using Allot.Data.Diagnostics;

// The CLI owns its process: a run is one pass over its data (tests and library callers call AllotCli.Run in processes
// of their own, without this).
OnePassProcess.Start();
return AllotCli.Run(args);
