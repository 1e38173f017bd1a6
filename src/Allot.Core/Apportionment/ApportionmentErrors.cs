using Allot.Core.Errors;

namespace Allot.Core.Apportionment;

/// <summary>
/// The kernel's error catalogue: every code the apportionment kernel can raise, in one place.
/// Messages name the unit by its 0-based index; callers that know unit keys (the CLI, the engines)
/// re-raise with the key and the file row.
/// </summary>
public static class ApportionmentErrors
{
    /// <summary>A weight is negative.</summary>
    public const string NegativeWeight = "E_NEGATIVE_WEIGHT";

    /// <summary>A weight is NaN or infinite.</summary>
    public const string NonFiniteWeight = "E_NONFINITE_WEIGHT";

    /// <summary>All weights are zero but the total is positive: there is nothing to apportion by.</summary>
    public const string AllZeroWeights = "E_ALL_ZERO_WEIGHTS";

    /// <summary>The total is negative.</summary>
    public const string NegativeTotal = "E_NEGATIVE_TOTAL";

    /// <summary>A lower bound is negative or above its upper bound, or the bound arrays have the wrong length.</summary>
    public const string InvalidBounds = "E_INVALID_BOUNDS";

    /// <summary>The bounds cannot be met (Σ lower &gt; total or Σ upper &lt; total) under the <see cref="InfeasiblePolicy.Fail"/> policy.</summary>
    public const string InfeasibleBounds = "E_INFEASIBLE_BOUNDS";

    /// <summary>Spans that describe the same units have different lengths.</summary>
    public const string LengthMismatch = "E_LENGTH_MISMATCH";

    /// <summary>An intermediate value does not fit the result type (it is never wrapped).</summary>
    public const string Overflow = "E_OVERFLOW";

    /// <summary>
    /// Units tie at the cutoff and the tie policy refuses to break the tie (<see cref="TiePolicy.Fail"/>), or the
    /// drawn order of <see cref="TiePolicy.Lots(IReadOnlyList{int})"/> does not list every tied unit: a drawing of
    /// lots is required. The message names the tied units.
    /// </summary>
    public const string TieRequiresLots = "E_TIE_REQUIRES_LOTS";

    /// <summary>A drawn order names a unit that does not exist, or names one twice.</summary>
    public const string InvalidLots = "E_INVALID_LOTS";

    /// <summary>A divisor sequence is empty, not strictly increasing, has a negative or non-finite entry, or a zero after the first.</summary>
    public const string InvalidDivisors = "E_INVALID_DIVISORS";

    /// <summary>A divisor sequence has fewer divisors than the total needs (it must hold at least <c>T</c> entries).</summary>
    public const string DivisorSequenceTooShort = "E_DIVISOR_SEQUENCE_TOO_SHORT";

    /// <summary>
    /// The total is above what a sequential method hands out in reasonable time: the quota method gives seats one at
    /// a time by definition (<see cref="QuotaMethodApportionment.MaxTotal"/>).
    /// </summary>
    public const string TotalTooLarge = "E_TOTAL_TOO_LARGE";

    /// <summary>An electoral threshold is negative or a share above 1.</summary>
    public const string InvalidThreshold = "E_INVALID_THRESHOLD";

    /// <summary>The total is positive but no unit reaches the electoral threshold.</summary>
    public const string NoUnitAboveThreshold = "E_NO_UNIT_ABOVE_THRESHOLD";

    /// <summary>A unit key appears twice in a keyed call (the same code as the command's duplicate unit rows).</summary>
    public const string DuplicateKey = "E_DUPLICATE_UNIT";

    internal static AllotException TieError(TieReport ties, string method, string reason, Func<int, string>? name = null)
    {
        name ??= u => u.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var tied = ties.Winners.Concat(ties.Losers).Select(name).ToArray();
        var at = ties.CutoffPriority is { } p ? $"priority {p}" : ties.CutoffRemainder is { } r ? $"remainder {r}" : "the cutoff";
        var message = $"{method}: units {string.Join(", ", tied)} tie at {at} for {ties.Winners.Count} unit(s) — {reason}.";
        return new(new AllotError(TieRequiresLots, ErrorClass.Input, message, Key: string.Join(",", tied)));
    }

    internal static AllotException Error(string code, string message, int? unit = null) =>
        new(new AllotError(code, ErrorClass.Input, message, Key: unit is null ? null : $"unit {unit.Value}"));

    internal static void RequireSameLength(int expected, int actual, string what)
    {
        if (actual != expected)
        {
            throw Error(LengthMismatch, $"{what} has {actual} entries but there are {expected} units.");
        }
    }

    internal static void RequireNonNegativeTotal(long total)
    {
        if (total < 0)
        {
            throw Error(NegativeTotal, $"the total {total} is negative; totals must be ≥ 0.");
        }
    }
}
