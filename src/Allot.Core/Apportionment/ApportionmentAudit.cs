namespace Allot.Core.Apportionment;

/// <summary>
/// The audit record of one apportionment call: per unit the exact quota, floor, remainder, rank and outcome;
/// per call the shortfall and how ties at the cutoff were resolved. Every other report (S4's
/// <c>shortfall_total</c>/<c>ties_broken_total</c>, S7's residual ranks, retail rationale) is a view of it.
/// </summary>
/// <param name="Method">Method name, e.g. <c>hamilton</c>, <c>seed-capped</c>, <c>proportional-bounded</c>, <c>dhondt</c>.</param>
/// <param name="Total">The total apportioned.</param>
/// <param name="Shortfall">Units handed out after the floors (<c>T − Σ floor</c>).</param>
/// <param name="CutoffRemainder">The remainder of the last unit that received a <c>+1</c> (null when the shortfall is 0).</param>
/// <param name="TiedAtCutoff">Units whose remainder equals <see cref="CutoffRemainder"/>, when some of them got a <c>+1</c> and some did not (else 0).</param>
/// <param name="TiesResolvedBySecondaryKey">Of those, how many got their <c>+1</c> because of the secondary key (the tie key then input position).</param>
/// <param name="Missing">Units no unit could take because every unit was at its cap (after any relaxation: 0 unless flagged).</param>
/// <param name="Overflow">How far the minimums exceed the total.</param>
/// <param name="RelaxedUnits">Units placed above their caps under <see cref="InfeasiblePolicy.RelaxCaps"/>.</param>
/// <param name="CapHits">Units whose final allocation equals their cap.</param>
/// <param name="Units">Per-unit detail, in input order.</param>
public sealed record ApportionmentAudit(
    string Method,
    long Total,
    long Shortfall,
    string? CutoffRemainder,
    int TiedAtCutoff,
    int TiesResolvedBySecondaryKey,
    long Missing,
    long Overflow,
    long RelaxedUnits,
    int CapHits,
    IReadOnlyList<UnitAudit> Units);
