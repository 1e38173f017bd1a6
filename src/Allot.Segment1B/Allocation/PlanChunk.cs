namespace Allot.Segment1B.Allocation;

/// <summary>The plan rows of one fixed range of requirement pairs, in output order.</summary>
internal sealed class PlanChunk
{
    public PlanChunk(int firstPair, int pairCount)
    {
        FirstPair = firstPair;
        RowsPerPair = new int[pairCount];
    }

    public int FirstPair { get; }

    public int[] RowsPerPair { get; }

    public List<ulong> TileIds { get; } = [];

    public List<long> Counts { get; } = [];

    public long Shortfall { get; set; }

    public long TiesBroken { get; set; }

    public bool SumsMatch { get; set; } = true;
}
