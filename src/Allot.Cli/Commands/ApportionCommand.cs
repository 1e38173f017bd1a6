using System.CommandLine;

namespace Allot.Cli.Commands;

/// <summary><c>allot apportion</c>: the core kernel over CSV/Parquet.</summary>
public static class ApportionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var cmd = new Command("apportion", "Split integer totals over units by exact weights (largest remainder, bounded, divisor methods).");
        cmd.SetAction(_ => CommandRunner.Run(() => 0));
        return cmd;
    }
}
