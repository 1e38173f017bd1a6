using Allot.Core.Errors;

namespace Allot.Data.Publishing;

/// <summary>
/// Error codes of the publication transaction, shared by every system (see <c>docs/publication.md</c>). Typed names for
/// strings of the one catalogue (<c>Allot.Core.Errors.ErrorCatalogue</c>), which gives their classes.
/// </summary>
public static class PublishCodes
{
    /// <summary>Another live process held the publication lock of the target for longer than the wait allows. Class conflict (5).</summary>
    public const string Busy = "E_PUBLISH_BUSY";

    /// <summary>A validator found a set whose commit was interrupted (its journal is still there). Class validation (4).</summary>
    public const string HalfPublished = "E_HALF_PUBLISHED";

    /// <summary>An output path is also an input of the run, or two outputs of one run are the same path. Class usage (2).</summary>
    public const string OutputIsInput = "E_OUTPUT_IS_INPUT";

    /// <summary>A published folder holds an entry its producer never writes (a stray file, even under a recomputed receipt). Class validation (4).</summary>
    public const string UnexpectedEntry = "E_UNEXPECTED_ENTRY";

    /// <summary>The set could not be staged or committed (disk full, read-only folder, permissions). Class I/O (74).</summary>
    public const string Io = "E_IO_PUBLISH";

    /// <summary>Every code, for documentation and tests.</summary>
    public static IReadOnlyList<string> All { get; } = [Busy, HalfPublished, OutputIsInput, UnexpectedEntry, Io];

    /// <summary>The class of each code (from the one catalogue).</summary>
    public static ErrorClass ClassOf(string code) => ErrorCatalogue.ClassOf(code);

    /// <summary>The exception for <paramref name="code"/> with its class.</summary>
    public static AllotException Fail(string code, string message, string? file = null, Exception? inner = null) =>
        new(new AllotError(code, ClassOf(code), message, File: file), inner);
}
