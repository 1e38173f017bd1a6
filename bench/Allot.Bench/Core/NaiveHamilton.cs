using System.Numerics;

namespace Allot.Bench.Core;

/// <summary>
/// The reference the kernel is measured against: the textbook implementation (BigInteger quotas, a full
/// LINQ sort by remainder then key, per-call arrays). Correct, and the way most code does it.
/// </summary>
public static class NaiveHamilton
{
    public static long[] Apportion(long total, ulong[] weights)
    {
        var m = weights.Length;
        BigInteger sum = 0;
        foreach (var w in weights)
        {
            sum += w;
        }

        var alloc = new long[m];
        var rem = new BigInteger[m];
        long floors = 0;
        for (var i = 0; i < m; i++)
        {
            alloc[i] = (long)BigInteger.DivRem(total * (BigInteger)weights[i], sum, out rem[i]);
            floors += alloc[i];
        }

        foreach (var i in Enumerable.Range(0, m).OrderByDescending(i => rem[i]).ThenBy(i => i).Take((int)(total - floors)))
        {
            alloc[i]++;
        }

        return alloc;
    }
}
