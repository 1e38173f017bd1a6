namespace Allot.Core.Apportionment;

/// <summary>The outcome of a bounded apportionment.</summary>
/// <param name="Allocation">Integer allocation per unit, in input order.</param>
/// <param name="Missing">Units of the total that no unit could take because every unit was at its cap (0 when feasible or relaxed).</param>
/// <param name="Overflow">How far the minimums exceed the total (0 when feasible). The allocation then meets minimums in order of weight descending as far as the total allows.</param>
/// <param name="RelaxedUnits">Per unit, how many units were placed above its cap under <see cref="InfeasiblePolicy.RelaxCaps"/>.</param>
/// <param name="CapHit">Per unit, whether its allocation reached its (original) cap.</param>
/// <param name="Audit">The audit record, when requested.</param>
public sealed record BoundedResult(
    long[] Allocation,
    long Missing,
    long Overflow,
    long[] RelaxedUnits,
    bool[] CapHit,
    ApportionmentAudit? Audit)
{
    /// <summary>
    /// The tie at the cutoff, computed on every call whether or not an audit was requested (so summaries never
    /// depend on the audit). <see cref="TieReport.None"/> when no tie decided the result.
    /// </summary>
    public TieReport Ties { get; init; } = TieReport.None;

    /// <summary>Σ allocation.</summary>
    public long Allocated => Allocation.Sum();

    /// <summary>Σ relaxed units.</summary>
    public long RelaxedTotal => RelaxedUnits.Sum();

    /// <summary>Number of units at their cap.</summary>
    public int CapHits => CapHit.Count(h => h);
}
