using System.Numerics;

namespace Allot.Core.Tests.Apportionment;

/// <summary>Slow, obviously correct Hamilton: BigInteger quotas and a full sort on (remainder desc, key asc, index asc).</summary>
internal static class ReferenceHamilton
{
    public static long[] Apportion(long total, IReadOnlyList<BigInteger> weights, IReadOnlyList<ulong>? keys = null)
    {
        var m = weights.Count;
        var sum = weights.Aggregate(BigInteger.Zero, (a, b) => a + b);
        var alloc = new long[m];
        if (sum.IsZero)
        {
            return alloc;
        }

        var rems = new BigInteger[m];
        for (var i = 0; i < m; i++)
        {
            alloc[i] = (long)(total * weights[i] / sum);
            rems[i] = total * weights[i] % sum;
        }

        var shortfall = total - alloc.Sum();
        var order = Enumerable.Range(0, m)
            .OrderByDescending(i => rems[i])
            .ThenBy(i => keys is null ? 0UL : keys[i])
            .ThenBy(i => i)
            .ToList();
        for (var j = 0; j < shortfall; j++)
        {
            alloc[order[j]]++;
        }

        return alloc;
    }
}
