using Allot.Core.Errors;

namespace Allot.Cli;

/// <summary>
/// Runs a command body and turns failures into the documented exit codes: an <see cref="AllotException"/>
/// prints its code and message on stderr and exits with its class's code; an I/O failure of the environment
/// (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>) is <c>E_IO</c>, class I/O (74).
/// </summary>
public static class CommandRunner
{
    /// <summary>The code of an environment I/O failure.</summary>
    public const string IoCode = "E_IO";

    /// <summary>The code of a command-line mistake.</summary>
    public const string UsageCode = "E_USAGE";

    /// <summary>Runs <paramref name="body"/>; returns its exit code or the failure's.</summary>
    public static int Run(Func<int> body, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        try
        {
            return body();
        }
        catch (AllotException ex)
        {
            stderr.WriteLine($"error {ex.Error}");
            return (int)ex.Error.Class;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error {new AllotError(IoCode, ErrorCatalogue.ClassOf(IoCode), ex.Message)}");
            return (int)ErrorCatalogue.ClassOf(IoCode);
        }
    }
}
