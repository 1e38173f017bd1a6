namespace Allot.Segment1B.Reporting;

/// <summary>One merchant's conservation snapshot in the run report.</summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="Countries">Distinct legal countries.</param>
/// <param name="Pairs">(merchant, country) requirement pairs (the original engine put the tile count here).</param>
/// <param name="Tiles">Plan rows (tiles with n_sites_tile ≥ 1).</param>
/// <param name="NSitesTotal">Σ n_sites over the merchant's pairs.</param>
public sealed record MerchantSummary(long MerchantId, long Countries, long Pairs, long Tiles, long NSitesTotal);
