using System.CommandLine;
using Allot.Cli.Commands;

namespace Allot.Cli;

/// <summary>Builds the <c>allot</c> command tree. Each system contributes its commands from its own file.</summary>
public static class AllotCli
{
    /// <summary>The root command with every sub-command attached.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("allot — exact, deterministic, auditable integer allocations.");
        root.Subcommands.Add(ApportionCommand.Create());
        root.Subcommands.Add(Segment1ACommands.Create());
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        return parse.Invoke();
    }
}
