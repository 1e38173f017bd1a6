namespace Allot.Segment1B.Allocation;

/// <summary>One weighted tile; orders by weight descending then tile id ascending (the presort order).</summary>
/// <param name="Weight">weight_fp.</param>
/// <param name="TileId">tile_id.</param>
internal readonly record struct TileWeight(ulong Weight, ulong TileId) : IComparable<TileWeight>
{
    public int CompareTo(TileWeight other)
    {
        var c = other.Weight.CompareTo(Weight);
        return c != 0 ? c : TileId.CompareTo(other.TileId);
    }
}
