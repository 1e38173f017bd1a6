namespace Allot.Segment1B.Allocation;

/// <summary>S3 requirements as parallel arrays sorted by (merchant_id, legal_country_iso ordinal).</summary>
/// <param name="MerchantIds">merchant_id per pair.</param>
/// <param name="CountryIsos">legal_country_iso per pair (interned).</param>
/// <param name="NSites">n_sites per pair (≥ 1).</param>
public sealed record RequirementPairs(long[] MerchantIds, string[] CountryIsos, long[] NSites)
{
    /// <summary>Number of pairs.</summary>
    public int Count => MerchantIds.Length;
}
