using System.CommandLine;
using Allot.Cli.Commands;

namespace Allot.Cli.Tests.Retail;

/// <summary>Runs <c>allot retail …</c> in process with a private environment and captured output.</summary>
public sealed class RetailCliHarness : IDisposable
{
    public RetailCliHarness()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "allot-retail-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(RetailCommands.Create(n => Environment.GetValueOrDefault(n), stdout, stderr));
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
