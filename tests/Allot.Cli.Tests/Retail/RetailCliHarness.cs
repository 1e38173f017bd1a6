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
        root.Subcommands.Add(RetailCommands.Create(n => Environment.GetValueOrDefault(n), stdout, stderr, () => Environment.Keys));
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The <c>status</c> (ok / warnings) of a period's reconciliation report.</summary>
    public static string Status(string outputDir, string period)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(outputDir, $"allocation_reconciliation_{period}.json")));
        return doc.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>The exit code a completed run of <paramref name="period"/> must have: 6 with warnings, else 0.</summary>
    public static int CompletedExit(string outputDir, string period) => Status(outputDir, period) == "warnings" ? 6 : 0;

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
