using Allot.Retail.Caps;
using Allot.Retail.Inputs;
using Allot.Retail.Weights;

namespace Allot.Retail.Allocation;

/// <summary>The outcome for one recommendation row: its stores, weights, caps and integer quantities.</summary>
public sealed class RowAllocation
{
    // The aggregates below are read many times (reconciliation rows and totals, reports, summary) over arrays that
    // never change once the row is built: computed once. Sentinels, not nullables, so that a field is written in one
    // atomic store: a race between threads only computes the same value twice.
    private const long NotYet = long.MinValue;
    private long allocated = NotYet;
    private long storesAllocated = NotYet;
    private long relaxedUnits = NotYet;
    private long capHits = NotYet;

    /// <summary>The recommendation row.</summary>
    public required GroupRecommendation Row { get; init; }

    /// <summary>Why the row was not allocated, or null when it was.</summary>
    public string? SkipReason { get; init; }

    /// <summary>The row's distinct stores in listed order.</summary>
    public StoreProfile[] Stores { get; init; } = [];

    /// <summary>The weights (null for skipped rows).</summary>
    public RowWeights? Weights { get; init; }

    /// <summary>Cap per store.</summary>
    public long[] Caps { get; init; } = [];

    /// <summary>Rule that set each cap.</summary>
    public CapKind[] CapKinds { get; init; } = [];

    /// <summary>Integer quantity per store (negative only for reductions).</summary>
    public long[] Quantities { get; init; } = [];

    /// <summary>Store ended at (or above) its cap.</summary>
    public bool[] CapHit { get; init; } = [];

    /// <summary>Units above the cap per store (caps relaxed to reconcile the row).</summary>
    public long[] Relaxed { get; init; } = [];

    /// <summary>Store received the minimum-coverage unit.</summary>
    public bool[] MinCoverage { get; init; } = [];

    /// <summary>
    /// Units no store could take (caps, whole packs, a row without stores), signed like ΔQty: a reduction's are ≤ 0
    /// (units not taken back). Always equal to <see cref="Residual"/>; use <see cref="UnallocatableMagnitude"/> to count.
    /// </summary>
    public long Unallocatable { get; init; }

    /// <summary>Pack size the row was allocated in (1 = single units).</summary>
    public long PackSize { get; init; } = 1;

    /// <summary>Units of ΔQty that are not a whole number of packs (part of <see cref="Unallocatable"/>; signed like ΔQty).</summary>
    public long PackRemainder { get; init; }

    /// <summary>Presentation minimum in units (<c>ALLOC_PRESENTATION_MIN</c>; 0 or 1 = none).</summary>
    public long PresentationMin { get; init; }

    /// <summary>Stores (not otherwise excluded) left out so that the receiving stores reach the presentation minimum.</summary>
    public int PresentationExcluded { get; init; }

    /// <summary>
    /// True when the row's caps are its own limits and the store capacities (shelf, period) are shared with the other
    /// rows in one solve (<c>--method joint</c>); false when each cap already holds what earlier rows left (row by row).
    /// </summary>
    public bool CapacitiesSharedInSolve { get; init; }

    /// <summary>Business priority score: <c>Expected_Benefit × Confidence_Score</c> (missing benefit 0, missing confidence 1).</summary>
    public double PriorityScore { get; init; }

    /// <summary>1-based position of the row in its category's processing order.</summary>
    public int PriorityRank { get; init; }

    /// <summary>Rows in the same category.</summary>
    public int PriorityPeers { get; init; }

    /// <summary>Cache of the rationale's row-level part as UTF-8 (the same for every store of the row); written once, same value from any thread.</summary>
    internal byte[]? RationaleRowPart { get; set; }

    /// <summary>Sum of the store quantities.</summary>
    public long Allocated => allocated != NotYet ? allocated : allocated = Quantities.Sum();

    /// <summary>ΔQty − allocated for allocated rows; 0 for skipped rows other than rows without stores.</summary>
    public long Residual => SkipReason is null or Allocation.SkipReason.NoStores ? Row.DeltaQty - Allocated : 0;

    /// <summary>Stores that received a non-zero quantity.</summary>
    public int StoresAllocated => (int)(storesAllocated != NotYet ? storesAllocated : storesAllocated = CountNonZero(Quantities));

    /// <summary>Relaxed units in the row.</summary>
    public long RelaxedUnits => relaxedUnits != NotYet ? relaxedUnits : relaxedUnits = Relaxed.Sum();

    /// <summary>
    /// True when the row needs a planner's eye: a unit above a cap, or units left unallocatable. "All checks pass"
    /// is only said of a period in which no row has a warning.
    /// </summary>
    public bool HasWarning => RelaxedUnits > 0 || Unallocatable != 0;

    /// <summary>How many units the row left unallocatable, whether it adds or reduces (|<see cref="Unallocatable"/>|).</summary>
    public long UnallocatableMagnitude => Math.Abs(Unallocatable);

    /// <summary><c>ok</c> or <c>warning</c>, as written to the reconciliation.</summary>
    public string Status => HasWarning ? "warning" : "ok";

    /// <summary>Stores at cap.</summary>
    public int CapHits => (int)(capHits != NotYet ? capHits : capHits = CountTrue(CapHit));

    /// <summary>Stores excluded from the row: over <c>CAPACITY_MAX_UTIL</c> or on the exclusion list (cap 0, never relaxed).</summary>
    public int StoresExcluded
    {
        get
        {
            var n = 0;
            foreach (var k in CapKinds)
            {
                n += k is CapKind.OverCapacity or CapKind.ExcludedByList ? 1 : 0;
            }

            return n;
        }
    }

    private static int CountNonZero(long[] values)
    {
        var n = 0;
        foreach (var v in values)
        {
            n += v != 0 ? 1 : 0;
        }

        return n;
    }

    private static int CountTrue(bool[] values)
    {
        var n = 0;
        foreach (var v in values)
        {
            n += v ? 1 : 0;
        }

        return n;
    }
}
