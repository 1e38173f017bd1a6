namespace Allot.Segment1B.Allocation;

/// <summary>Sort key of a requirement pair: merchant, then the country's ordinal rank, then input position.</summary>
internal readonly record struct PairKey(long MerchantId, int CountryRank, int Position) : IComparable<PairKey>
{
    public int CompareTo(PairKey other)
    {
        var c = MerchantId.CompareTo(other.MerchantId);
        if (c != 0)
        {
            return c;
        }

        c = CountryRank.CompareTo(other.CountryRank);
        return c != 0 ? c : Position.CompareTo(other.Position);
    }
}
