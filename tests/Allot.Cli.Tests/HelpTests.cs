using System.CommandLine;

namespace Allot.Cli.Tests;

public class HelpTests
{
    private static IEnumerable<(string Path, Command Command)> All(Command c, string path)
    {
        foreach (var sub in c.Subcommands)
        {
            var p = path.Length == 0 ? sub.Name : $"{path} {sub.Name}";
            yield return (p, sub);
            foreach (var x in All(sub, p))
            {
                yield return x;
            }
        }
    }

    [Fact]
    public void EveryCommand_HasAnExampleInItsHelp()
    {
        var commands = All(AllotCli.Build(), string.Empty).ToList();
        Assert.True(commands.Count >= 15, $"only {commands.Count} commands found");
        foreach (var (path, command) in commands)
        {
            Assert.True((command.Description ?? string.Empty).Contains("Example:\n  allot ", StringComparison.Ordinal), $"'{path}' has no example");
            var (exit, stdout, _) = CliHarness.Run([.. path.Split(' '), "--help"]);
            Assert.Equal(0, exit);
            Assert.Contains("Example:", stdout, StringComparison.Ordinal);
        }
    }
}
