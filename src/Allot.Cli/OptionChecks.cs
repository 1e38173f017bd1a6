using System.CommandLine;

namespace Allot.Cli;

/// <summary>
/// Checks attached to options, so that a wrong value is a usage error (exit 2) found while parsing, before the
/// command runs, in the same words for every command that has the option.
/// </summary>
internal static class OptionChecks
{
    /// <summary>
    /// A folder the command reads from must exist (S4/S7 runs, validators, silos). Without it a mistyped data root
    /// surfaced as the first dataset missing below it ("no _passed.flag at …/nope/data/layer1/1A/validation/…"),
    /// which sends a person looking for the wrong thing.
    /// </summary>
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

    /// <summary>
    /// A count of workers (or any count) must be at least 1. Four commands checked this by hand and two not at all:
    /// <c>retail allocate --workers -3</c> and <c>apportion --workers -1</c> ran as if given 1.
    /// </summary>
    public static Option<int> AtLeastOne(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            int value;
            try
            {
                value = result.GetValueOrDefault<int>();
            }
            catch (InvalidOperationException)
            {
                // Not a whole number: the parser has already recorded that error (reported as "--workers: 'abc' is not
                // a whole number"); reading the value here threw out of the parse, an unhandled exception (exit 134).
                return;
            }

            if (value < 1)
            {
                result.AddError($"{option.Name} must be ≥ 1 (got {value}).");
            }
        });
        return option;
    }
}
