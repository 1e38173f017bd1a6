using System.CommandLine;
using Allot.Cli.Commands;
using Allot.Core.Errors;

namespace Allot.Cli;

/// <summary>Builds the <c>allot</c> command tree. Each system contributes its commands from its own file.</summary>
public static class AllotCli
{
    /// <summary>The root command with every sub-command attached.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("allot — exact, deterministic, auditable integer allocations.");
        root.Subcommands.Add(ApportionCommand.Create());
        root.Subcommands.Add(Segment1BCommands.Create());
        root.Subcommands.Add(Segment1ACommands.Create());
        root.Subcommands.Add(RetailCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(GcCommand.Create());
        root.Subcommands.Add(ClusterCommands.Create());
        CommandExamples.Apply(root);
        return root;
    }

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Whether this process is the CLI's own (set by its entry point only): a command may then tune the process for
    /// its one pass (<see cref="Data.Diagnostics.OnePassProcess"/>); tests and embedding hosts run commands in
    /// processes of their own, untouched.
    /// </summary>
    internal static bool OwnsProcess { get; set; }

    /// <summary>Parses and runs with the given output writers (used by tests and embedding hosts).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Usage errors get their documented exit code (2), not the parser's default.
            foreach (var e in parse.Errors)
            {
                stderr.WriteLine($"error E_USAGE: {UsageMessages.Rewrite(e.Message)}");
            }

            stderr.WriteLine("Run with --help for usage.");
            return (int)ErrorClass.Usage;
        }

        if (DashOutsideStdio(parse) is { } dash)
        {
            stderr.WriteLine($"error E_USAGE: {dash} -: this option names a file or folder; standard input/output ('-') is taken only by apportion's --input, --output and --audit.");
            stderr.WriteLine("Run with --help for usage.");
            return (int)ErrorClass.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            // A silo told to stop (Ctrl+C, SIGTERM) while it was still starting: the conventional code of an
            // interrupted command. A silo that was serving stops cleanly and exits 0.
            stderr.WriteLine("interrupted.");
            return Interrupted;
        }
        catch (Exception ex)
        {
            // Every expected failure is an AllotException or an I/O error, turned into its code by CommandRunner;
            // anything else is a bug. It gets the documented exit code (70) and a line a script can match, not the
            // parser's "Unhandled exception" and exit 1. Publication has rolled back on the way out.
            stderr.WriteLine($"error {InternalCode}: {ex.GetType().Name}: {ex.Message} — this is a bug in allot; please report it with the command line and its inputs.");
            stderr.WriteLine(ex.StackTrace);
            return (int)ErrorClass.Internal;
        }
    }

    /// <summary>The exit code of a command stopped by a signal before it finished (128 + SIGINT).</summary>
    internal const int Interrupted = 130;

    /// <summary>The code of an unexpected exception (a bug).</summary>
    internal const string InternalCode = "E_INTERNAL";

    /// <summary>
    /// The first option given as <c>-</c> that does not mean standard input or output. Such a value used to become a
    /// file named "-" in the working folder (<c>retail diff --html -</c>, <c>report --output -</c>).
    /// </summary>
    private static string? DashOutsideStdio(ParseResult parse)
    {
        var command = parse.CommandResult.Command.Name;
        foreach (var option in parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>())
        {
            var name = option.Option.Name;
            if (option.Tokens.Any(t => t.Value == "-") && !(command == "apportion" && name is "--input" or "--output" or "--audit"))
            {
                return name;
            }
        }

        return null;
    }
}
