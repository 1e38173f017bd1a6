namespace Allot.Apportion;

/// <summary>
/// Error codes of <c>allot apportion</c> (beyond the kernel's <see cref="Core.Apportionment.ApportionmentErrors"/>
/// and the table reader's <c>E_TABLE_UNREADABLE</c>/<c>E_MISSING_COLUMN</c>). See <c>docs/apportion.md</c>.
/// </summary>
public static class ApportionJobErrors
{
    /// <summary>A weight, min or max cell is not a decimal number.</summary>
    public const string BadNumber = "E_BAD_NUMBER";

    /// <summary>A total is fractional, negative or missing.</summary>
    public const string TotalNotInteger = "E_TOTAL_NOT_INTEGER";

    /// <summary>Rows of one group give different totals.</summary>
    public const string TotalInconsistent = "E_TOTAL_INCONSISTENT";

    /// <summary>A group has no total (no total column value, no entry in the totals file, no --total).</summary>
    public const string TotalMissing = "E_TOTAL_MISSING";

    /// <summary>
    /// A positive total has no units to go to: a group of the totals file that the input does not have, or
    /// <c>--total</c> over an input without rows. Its units would otherwise vanish from a run that says "ok".
    /// </summary>
    public const string TotalWithoutUnits = "E_TOTAL_WITHOUT_UNITS";

    /// <summary>A min/max bound is not a non-negative integer, or min/max columns were given to a method without bounds.</summary>
    public const string BadBound = "E_BAD_BOUND";

    /// <summary>The output file exists with different content and --overwrite was not given.</summary>
    public const string OutputConflict = "E_OUTPUT_CONFLICT";

    /// <summary>The options contradict each other (e.g. two sources of totals).</summary>
    public const string BadOptions = "E_BAD_OPTIONS";
}
