namespace Allot.Segment1B.Allocation;

/// <summary>Everything S4 reads, checked and indexed.</summary>
/// <param name="Pairs">The requirements, sorted.</param>
/// <param name="Countries">Weighted tiles per country, presorted.</param>
/// <param name="Dp">The weights' decimal places.</param>
/// <param name="Denominator">10^dp.</param>
/// <param name="BytesReadRequirements">Bytes of the requirements files.</param>
/// <param name="BytesReadWeights">Bytes of the weights files.</param>
/// <param name="BytesReadIndex">Bytes of the tile index files.</param>
public sealed record S4Inputs(
    RequirementPairs Pairs,
    IReadOnlyDictionary<string, CountryTiles> Countries,
    int Dp,
    ulong Denominator,
    long BytesReadRequirements,
    long BytesReadWeights,
    long BytesReadIndex);
