namespace Allot.Cli.Tests.Segment1B;

/// <summary>Runs <c>allot</c> in-process with its own stdout/stderr writers.</summary>
internal static class ConsoleCapture
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var exit = AllotCli.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }
}
