namespace Allot.Segment1B.Allocation;

/// <summary>
/// A country's weighted tiles, presorted once by <c>weight_fp</c> descending then <c>tile_id</c> ascending — the
/// order <see cref="Core.Apportionment.PresortedLargestRemainder"/> needs, computed once and shared by every pair.
/// </summary>
/// <param name="CountryIso">The ISO code.</param>
/// <param name="TileIds">Tile ids in presorted order.</param>
/// <param name="Weights">Matching <c>weight_fp</c> values (descending).</param>
public sealed record CountryTiles(string CountryIso, ulong[] TileIds, ulong[] Weights);
