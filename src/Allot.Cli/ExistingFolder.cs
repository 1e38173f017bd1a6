using System.CommandLine;

namespace Allot.Cli;

/// <summary>
/// A folder option that must name an existing folder when the command reads from it (S4/S7 runs, validators, silos).
/// Without it a mistyped data root surfaced as the first dataset missing below it ("no _passed.flag at
/// …/nope/data/layer1/1A/validation/…"), which sends a person looking for the wrong thing.
/// </summary>
internal static class ExistingFolder
{
    /// <summary>Adds the check to <paramref name="option"/>: a usage error (exit 2) before the command runs.</summary>
    public static Option<string> MustExist(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!string.IsNullOrEmpty(value) && !Directory.Exists(value))
            {
                result.AddError($"{option.Name} '{Path.GetFullPath(value)}' is not an existing folder.");
            }
        });
        return option;
    }
}
