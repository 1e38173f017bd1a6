namespace Allot.Core.Errors;

/// <summary>
/// The class of a failure. Each class maps to one documented process exit code (see <c>docs/errors.md</c>),
/// so scripts can react to the kind of failure without parsing messages.
/// </summary>
public enum ErrorClass
{
    /// <summary>The command line itself is wrong (unknown option, missing argument). Exit code 2.</summary>
    Usage = 2,

    /// <summary>An input file, row or value breaks a rule (schema, range, missing data). Exit code 3.</summary>
    Input = 3,

    /// <summary>A validator found that an output does not match what the inputs imply. Exit code 4.</summary>
    Validation = 4,

    /// <summary>A write-once output already exists with different content. Exit code 5.</summary>
    Conflict = 5,

    /// <summary>A bug or an environment failure (I/O error, out of disk). Exit code 70.</summary>
    Internal = 70,
}
