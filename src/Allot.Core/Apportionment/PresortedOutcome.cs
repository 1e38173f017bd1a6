namespace Allot.Core.Apportionment;

/// <summary>What one <see cref="PresortedLargestRemainder.Apportion"/> call did.</summary>
/// <param name="Emitted">Units <c>0 .. Emitted−1</c> of the presorted order received ≥ 1; all later units received 0.</param>
/// <param name="Shortfall">The number of +1 increments, <c>S = total − Σ floor(w·total/K)</c>.</param>
/// <param name="TiesBroken">
/// The number of +1 increments that went to a unit whose remainder equals the remainder of some unit that got
/// no increment — the increments the tie key decided. Zero when the cutoff falls between distinct remainders.
/// </param>
public readonly record struct PresortedOutcome(int Emitted, long Shortfall, long TiesBroken);
