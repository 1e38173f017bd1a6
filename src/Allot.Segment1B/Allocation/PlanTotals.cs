namespace Allot.Segment1B.Allocation;

/// <summary>The counters of one S4 allocation.</summary>
/// <param name="RowsEmitted">Rows written to the plan.</param>
/// <param name="PairsTotal">Requirement pairs.</param>
/// <param name="MerchantsTotal">Distinct merchants.</param>
/// <param name="ShortfallTotal">Σ S over pairs (number of +1 increments).</param>
/// <param name="TiesBrokenTotal">+1 increments decided by the tile_id rule.</param>
/// <param name="AllocSumEqualsRequirements">Every pair's rows sum to its n_sites.</param>
/// <param name="WorkersUsed">Peak number of chunks computed concurrently (≤ the requested workers).</param>
/// <param name="RowsPerPair">Plan rows per pair (pair order), for merchant summaries.</param>
public sealed record PlanTotals(
    long RowsEmitted,
    long PairsTotal,
    long MerchantsTotal,
    long ShortfallTotal,
    long TiesBrokenTotal,
    bool AllocSumEqualsRequirements,
    int WorkersUsed,
    int[] RowsPerPair);
