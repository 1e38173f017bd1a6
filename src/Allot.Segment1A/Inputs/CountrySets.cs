namespace Allot.Segment1A.Inputs;

/// <summary>
/// The <c>country_set</c> of every merchant, grouped by merchant in ascending <c>merchant_id</c> and, within a
/// merchant, in <c>rank</c> order (0 = home). Country <c>j</c> of merchant <c>k</c> is at flat index
/// <c>Offsets[k] + j</c>.
/// </summary>
/// <param name="MerchantIds">Merchant ids, strictly ascending.</param>
/// <param name="Offsets">Start of each merchant's countries; length = merchants + 1.</param>
/// <param name="IsoCodes">Packed ISO codes (<see cref="Integerisation.IsoCode"/>) in rank order.</param>
public sealed record CountrySets(long[] MerchantIds, int[] Offsets, ushort[] IsoCodes)
{
    /// <summary>Number of merchants.</summary>
    public int MerchantCount => MerchantIds.Length;

    /// <summary>Number of (merchant, country) rows.</summary>
    public int RowCount => IsoCodes.Length;

    /// <summary>m = |C| of merchant <paramref name="k"/>.</summary>
    public int CountryCount(int k) => Offsets[k + 1] - Offsets[k];

    /// <summary>The packed ISO codes of merchant <paramref name="k"/> in rank order.</summary>
    public ReadOnlySpan<ushort> Countries(int k) => IsoCodes.AsSpan(Offsets[k], Offsets[k + 1] - Offsets[k]);
}
