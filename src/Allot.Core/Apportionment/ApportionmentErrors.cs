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
