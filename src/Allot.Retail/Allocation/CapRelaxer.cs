using Allot.Retail.Configuration;

namespace Allot.Retail.Allocation;

/// <summary>
/// The revised cap policy (spec 40): units that no cap can take go one unit per pass to the eligible stores in
/// order of composite weight descending (ties: store code, ordinal), at most <c>bound</c> units above a store's cap
/// under <see cref="CapRelaxation.Bounded"/>, without limit under <see cref="CapRelaxation.Unlimited"/>, never under
/// <see cref="CapRelaxation.None"/>. Excluded stores and zero-weight stores are never eligible. What is left is the
/// row's <c>unallocatable_units</c>.
/// </summary>
internal static class CapRelaxer
{
    /// <summary>
    /// Places up to <paramref name="rest"/> units above the caps into <paramref name="quantities"/>; returns the units
    /// placed above cap per store and the units still left.
    /// </summary>
    /// <param name="quantities">Allocation at or under the caps; updated in place.</param>
    /// <param name="weights">Composite weight per store (ranking only).</param>
    /// <param name="tieKeys">Store-code rank per store (ascending wins).</param>
    /// <param name="excluded">Stores that are never relaxed.</param>
    /// <param name="mode">The relaxation mode.</param>
    /// <param name="bounds">Per store, the most it may go above its cap under <see cref="CapRelaxation.Bounded"/>.</param>
    /// <param name="rest">Units still to place.</param>
    public static (long[] Relaxed, long Left) Relax(long[] quantities, double[] weights, ulong[] tieKeys, bool[] excluded, CapRelaxation mode, long[] bounds, long rest)
    {
        var n = quantities.Length;
        var relaxed = new long[n];
        if (rest <= 0 || mode == CapRelaxation.None)
        {
            return (relaxed, Math.Max(0, rest));
        }

        var eligible = new List<int>(n);
        for (var i = 0; i < n; i++)
        {
            if (!excluded[i] && weights[i] > 0 && (mode == CapRelaxation.Unlimited || bounds[i] > 0))
            {
                eligible.Add(i);
            }
        }

        eligible.Sort((x, y) =>
        {
            var c = weights[y].CompareTo(weights[x]);
            return c != 0 ? c : tieKeys[x].CompareTo(tieKeys[y]);
        });

        // One unit per pass over the stores still below their bound; whole passes in bulk.
        while (rest > 0 && eligible.Count > 0)
        {
            var e = eligible.Count;
            if (rest < e)
            {
                for (var j = 0; j < rest; j++)
                {
                    relaxed[eligible[j]]++;
                }

                rest = 0;
                break;
            }

            var passes = rest / e;
            if (mode == CapRelaxation.Bounded)
            {
                foreach (var i in eligible)
                {
                    passes = Math.Min(passes, bounds[i] - relaxed[i]);
                }
            }

            foreach (var i in eligible)
            {
                relaxed[i] += passes;
            }

            rest -= passes * e;
            if (mode == CapRelaxation.Bounded)
            {
                eligible.RemoveAll(i => relaxed[i] >= bounds[i]);
            }
        }

        for (var i = 0; i < n; i++)
        {
            quantities[i] += relaxed[i];
        }

        return (relaxed, rest);
    }
}
