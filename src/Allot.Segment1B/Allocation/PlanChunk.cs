namespace Allot.Segment1B.Allocation;

/// <summary>The plan rows of one fixed range of requirement pairs, in output order, in growable arrays.</summary>
internal sealed class PlanChunk
{
    public PlanChunk(int firstPair, int pairCount)
    {
        FirstPair = firstPair;
        RowsPerPair = new int[pairCount];
    }

    public int FirstPair { get; }

    public int[] RowsPerPair { get; }

    public ulong[] TileIds { get; private set; } = new ulong[4096];

    public long[] Counts { get; private set; } = new long[4096];

    /// <summary>Rows held.</summary>
    public int Rows { get; set; }

    public long Shortfall { get; set; }

    public long TiesBroken { get; set; }

    public bool SumsMatch { get; set; } = true;

    /// <summary>Makes room for <paramref name="more"/> rows after <see cref="Rows"/>.</summary>
    public void Ensure(int more)
    {
        var need = checked(Rows + more);
        if (need <= TileIds.Length)
        {
            return;
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(need, (long)TileIds.Length * 2));
        var ids = new ulong[size];
        var counts = new long[size];
        TileIds.AsSpan(0, Rows).CopyTo(ids);
        Counts.AsSpan(0, Rows).CopyTo(counts);
        TileIds = ids;
        Counts = counts;
    }
}
