namespace Allot.Data.Json;

/// <summary>The status words every CLI summary uses in its <c>"status"</c> field.</summary>
public static class RunStatus
{
    /// <summary>The command did what it was asked; every check passed.</summary>
    public const string Ok = "ok";

    /// <summary>Completed, outputs complete and valid, but with warnings a person must review (exit code 6).</summary>
    public const string Warnings = "warnings";

    /// <summary>A check failed (e.g. <c>allot demo</c>/<c>allot report</c> with a failing check; exit code 4).</summary>
    public const string Failed = "failed";
}
