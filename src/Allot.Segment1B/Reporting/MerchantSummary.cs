using System.Text.Json.Serialization;

namespace Allot.Segment1B.Reporting;

/// <summary>One merchant's conservation snapshot in the run report (JSON keys in sorted order).</summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="Countries">Distinct legal countries.</param>
/// <param name="Pairs">(merchant, country) requirement pairs (the original engine put the tile count here).</param>
/// <param name="Tiles">Plan rows (tiles with n_sites_tile ≥ 1); absent in the original engine's reports.</param>
/// <param name="NSitesTotal">Σ n_sites over the merchant's pairs, exact in 128 bits (each n_sites is a 64-bit count, so a sum can exceed 2^63).</param>
public sealed record MerchantSummary(
    [property: JsonPropertyOrder(1)] long MerchantId,
    [property: JsonPropertyOrder(0)] long Countries,
    [property: JsonPropertyOrder(3)] long Pairs,
    [property: JsonPropertyOrder(4)] long? Tiles,
    [property: JsonPropertyOrder(2)] Int128 NSitesTotal);
