using System.Buffers;

namespace Allot.Segment1B.Allocation;

/// <summary>
/// The plan rows of one fixed range of requirement pairs, in output order, in growable arrays rented from the shared
/// pools and given back by <see cref="Release"/> once the rows are written (a run computes hundreds of chunks: fresh
/// arrays for each would be fresh memory — page faults — for each).
/// </summary>
internal sealed class PlanChunk
{
    private const int InitialRows = 1 << 14;

    public PlanChunk(int firstPair, int pairCount)
    {
        FirstPair = firstPair;
        RowsPerPair = new int[pairCount];
        TileIds = ArrayPool<ulong>.Shared.Rent(InitialRows);
        Counts = ArrayPool<long>.Shared.Rent(InitialRows);
    }

    public int FirstPair { get; }

    public int[] RowsPerPair { get; }

    public ulong[] TileIds { get; private set; }

    public long[] Counts { get; private set; }

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
        var ids = ArrayPool<ulong>.Shared.Rent(size);
        var counts = ArrayPool<long>.Shared.Rent(size);
        TileIds.AsSpan(0, Rows).CopyTo(ids);
        Counts.AsSpan(0, Rows).CopyTo(counts);
        ArrayPool<ulong>.Shared.Return(TileIds);
        ArrayPool<long>.Shared.Return(Counts);
        TileIds = ids;
        Counts = counts;
    }

    /// <summary>Gives the row arrays back to the pools; the chunk is not used afterwards.</summary>
    public void Release()
    {
        ArrayPool<ulong>.Shared.Return(TileIds);
        ArrayPool<long>.Shared.Return(Counts);
        TileIds = [];
        Counts = [];
        Rows = 0;
    }
}
