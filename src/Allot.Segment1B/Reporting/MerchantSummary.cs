namespace Allot.Segment1B.Reporting;

/// <summary>One merchant's conservation snapshot in the run report.</summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="Countries">Distinct legal countries.</param>
/// <param name="Pairs">(merchant, country) requirement pairs (the original engine put the tile count here).</param>
/// <param name="Tiles">Plan rows (tiles with n_sites_tile ≥ 1).</param>
/// <param name="NSitesTotal">Σ n_sites over the merchant's pairs, exact in 128 bits (each n_sites is a 64-bit count, so a sum can exceed 2^63).</param>
public sealed record MerchantSummary(long MerchantId, long Countries, long Pairs, long Tiles, Int128 NSitesTotal);
