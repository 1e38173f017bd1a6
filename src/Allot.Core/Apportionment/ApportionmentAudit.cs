namespace Allot.Core.Apportionment;

/// <summary>
/// The audit record of one apportionment call: per unit the exact quota, floor, remainder, rank and outcome;
/// per call the shortfall and how ties at the cutoff were resolved. Every other report (S4's
/// <c>shortfall_total</c>/<c>ties_broken_total</c>, S7's residual ranks, retail rationale) is a view of it.
/// </summary>
/// <param name="Method">Method name, e.g. <c>hamilton</c>, <c>seed-capped</c>, <c>proportional-bounded</c>, <c>dhondt</c>.</param>
/// <param name="Total">The total apportioned.</param>
/// <param name="Shortfall">Units handed out after the floors (<c>T − Σ floor</c>); for divisor methods, the seats handed out by priority (<c>T − Σ min</c>).</param>
/// <param name="CutoffRemainder">The exact remainder of the last unit that received a <c>+1</c> (null when the shortfall is 0, and for divisor methods, whose cutoff is <see cref="TieReport.CutoffPriority"/>).</param>
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
    ExactFraction? CutoffRemainder,
    int TiedAtCutoff,
    int TiesResolvedBySecondaryKey,
    long Missing,
    long Overflow,
    long RelaxedUnits,
    int CapHits,
    IReadOnlyList<UnitAudit> Units)
{
    /// <summary>The tie at the cutoff: which units, at which remainder or priority, how it was resolved.</summary>
    public TieReport Ties { get; init; } = TieReport.None;

    /// <summary>
    /// Divisor methods: every seat handed out by priority, in the order the seat-by-seat definition awards them
    /// (null for other methods, and when more than <see cref="DivisorApportionment.SeatListLimit"/> seats were
    /// handed out — the per-unit <see cref="UnitAudit.LastSeatPriority"/> still says where each unit stopped).
    /// </summary>
    public IReadOnlyList<SeatAward>? Seats { get; init; }
}

/// <summary>One seat awarded by a divisor method, as abacus-style records read: which unit, its how-many-th seat, at what priority.</summary>
/// <param name="Order">1-based position in the award order (seats forced by minimums are not listed).</param>
/// <param name="Unit">0-based unit index.</param>
/// <param name="UnitSeat">1-based: the unit's how-many-th seat this is (counting its minimum).</param>
/// <param name="Priority">The exact priority <c>w / d(UnitSeat − 1)</c> at which it was awarded.</param>
/// <param name="DecidedByTie">True when the seat went to this unit because of the tie order (a tie at the cutoff).</param>
public sealed record SeatAward(int Order, int Unit, long UnitSeat, SeatPriority Priority, bool DecidedByTie);
