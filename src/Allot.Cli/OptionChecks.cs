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

    /// <summary>
    /// A TCP port: 1–65535. <c>cluster silo --silo-port 70000</c> (or -1) crashed as a bug (E_INTERNAL) deep in the
    /// socket code instead of being a usage error.
    /// </summary>
    public static Option<int> IsPort(this Option<int> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > 65535)
            {
                result.AddError($"{option.Name} must be a TCP port, 1 to 65535 (got {value}).");
            }
        });
        return option;
    }

    /// <summary>An IP address (IPv4 or IPv6), as <c>cluster silo --advertise</c> takes; a host name or a typo crashed as a bug.</summary>
    public static Option<string?> IsIpAddress(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !System.Net.IPAddress.TryParse(value, out _))
            {
                result.AddError($"{option.Name} must be an IP address such as 10.0.0.5 (got '{value}'); a host name is not accepted here.");
            }
        });
        return option;
    }
}
