using Allot.Core.Errors;

namespace Allot.Cli;

/// <summary>
/// Runs a command body and turns failures into the documented exit codes: an <see cref="AllotException"/>
/// prints its code and message on stderr and exits with its class's code; anything else is an internal error (70).
/// </summary>
public static class CommandRunner
{
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
            stderr.WriteLine($"error E_IO: {ex.Message}");
            return (int)ErrorClass.Internal;
        }
    }
}
