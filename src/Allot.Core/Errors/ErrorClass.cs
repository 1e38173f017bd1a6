namespace Allot.Core.Errors;

/// <summary>
/// The class of a failure. Each class maps to one documented process exit code (see <c>docs/exit-codes.md</c>),
/// so scripts can react to the kind of failure without parsing messages. Every code's class is declared once, in
/// <see cref="ErrorCatalogue"/>. (Exit code 6, "completed with warnings", is an outcome, not an error class.)
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

    /// <summary>A bug: an invariant the code relies on did not hold. Exit code 70.</summary>
    Internal = 70,

    /// <summary>The environment failed: an I/O error, permission denied, disk full, a path blocked by a file.
    /// Exit code 74 (<c>EX_IOERR</c>). A corrupt, truncated or empty input file is <see cref="Input"/>, not this.</summary>
    Io = 74,
}
