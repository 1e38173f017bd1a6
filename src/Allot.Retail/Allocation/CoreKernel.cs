using Allot.Retail.Configuration;

namespace Allot.Retail.Allocation;

/// <summary>
/// The one place Allot.Retail calls the core apportionment kernel (Allot.Core.Apportionment). No rounding of its
/// own happens in Allot.Retail: every integer quantity comes from here.
/// </summary>
internal static class CoreKernel
{
    // TEMPORARY until Allot.Core.Apportionment lands on main: a placeholder so the pipeline can be exercised.
    // Replaced by the kernel calls at merge time; must not survive into the final branch.

    /// <summary>Bounded allocation of a positive total under caps, with optional lower bounds.</summary>
    public static KernelOutcome Bounded(AllocationMethod method, long total, double[] weights, long[] caps, ulong[] tieKeys, bool strictCaps, long[]? lower)
    {
        _ = method;
        var n = weights.Length;
        var sum = weights.Sum();
        var q = new long[n];
        var a = new double[n];
        var cap = (long[])caps.Clone();
        var relaxed = new long[n];
        long placed = 0;
        for (var i = 0; i < n; i++)
        {
            a[i] = total * weights[i] / sum;
            var lo = lower is null || lower.Length == 0 ? 0 : lower[i];
            q[i] = Math.Max(lo, Math.Min(cap[i], (long)Math.Floor(a[i])));
            if (q[i] > cap[i])
            {
                relaxed[i] = q[i] - cap[i];
                cap[i] = q[i];
            }

            placed += q[i];
        }

        var left = total - placed;
        while (left > 0)
        {
            var best = -1;
            for (var i = 0; i < n; i++)
            {
                if (q[i] >= cap[i])
                {
                    continue;
                }

                if (best < 0 || a[i] - q[i] > a[best] - q[best] || (a[i] - q[i] == a[best] - q[best] && tieKeys[i] < tieKeys[best]))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                if (strictCaps)
                {
                    break;
                }

                var order = Enumerable.Range(0, n).OrderByDescending(i => weights[i]).ThenBy(i => tieKeys[i]).ToArray();
                foreach (var i in order)
                {
                    if (left == 0)
                    {
                        break;
                    }

                    cap[i]++;
                    relaxed[i]++;
                    q[i]++;
                    left--;
                }

                continue;
            }

            q[best]++;
            left--;
        }

        var hit = new bool[n];
        for (var i = 0; i < n; i++)
        {
            hit[i] = q[i] >= cap[i];
        }

        return new KernelOutcome(q, left, relaxed, hit);
    }

    /// <summary>One unit of lower bound for each of the top-<paramref name="k"/> stores by weight, as far as <paramref name="total"/> allows.</summary>
    public static long[] MinimumCoverage(double[] weights, int k, long total, ulong[] tieKeys)
    {
        var lo = new long[weights.Length];
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => tieKeys[i]).Take((int)Math.Min(k, total));
        foreach (var i in order)
        {
            lo[i] = 1;
        }

        return lo;
    }

    /// <summary>Unbounded largest-remainder split (reductions).</summary>
    public static long[] Proportional(long total, double[] weights, ulong[] tieKeys) =>
        Bounded(AllocationMethod.Seed, total, weights, Enumerable.Repeat(long.MaxValue / 4, weights.Length).ToArray(), tieKeys, true, null).Quantities;

    /// <summary>Tie keys ranking store codes in ordinal order.</summary>
    public static ulong[] TieKeys(IReadOnlyList<string> codes)
    {
        var order = Enumerable.Range(0, codes.Count).OrderBy(i => codes[i], StringComparer.Ordinal).ToArray();
        var keys = new ulong[codes.Count];
        for (var r = 0; r < order.Length; r++)
        {
            keys[order[r]] = (ulong)r;
        }

        return keys;
    }
}
