namespace Allot.Core.Apportionment;

/// <summary>The secondary part of the total order: tie key ascending, then input position ascending.</summary>
internal static class TieOrder
{
    /// <summary>True when unit <paramref name="a"/> precedes unit <paramref name="b"/> on the secondary order.</summary>
    public static bool Precedes(ReadOnlySpan<ulong> tieKeys, int a, int b)
    {
        if (!tieKeys.IsEmpty)
        {
            var ka = tieKeys[a];
            var kb = tieKeys[b];
            if (ka != kb)
            {
                return ka < kb;
            }
        }

        return a < b;
    }

    public static int Compare(ReadOnlySpan<ulong> tieKeys, int a, int b) =>
        a == b ? 0 : Precedes(tieKeys, a, b) ? -1 : 1;
}
