namespace Allot.Cli.Tests.Segment1B;

/// <summary>Runs <c>allot</c> in-process with stdout/stderr captured (tests using it share one collection).</summary>
internal static class ConsoleCapture
{
    private static readonly Lock Gate = new();

    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            using var o = new StringWriter();
            using var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                var exit = AllotCli.Run(args);
                return (exit, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
