namespace Allot.Core.Errors;

/// <summary>
/// Process exit codes that are not failures. Failures exit with their <see cref="ErrorClass"/> value; a command that
/// finished and wrote everything but has something a person must look at exits with
/// <see cref="CompletedWithWarnings"/> (see <c>docs/exit-codes.md</c>).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked and nothing needs attention.</summary>
    public const int Success = 0;

    /// <summary>
    /// The command completed and its outputs are complete and valid, but they carry warnings a person must review
    /// (e.g. retail Step 32 placed units above caps or left units unallocatable). Exit code 6.
    /// </summary>
    public const int CompletedWithWarnings = 6;
}
