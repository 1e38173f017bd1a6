using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// Divisor methods with bounds, in exact arithmetic: priorities are compared by cross-multiplication (for
/// Huntington–Hill, <c>w²/(n(n+1))</c> — never a floating-point square root). Units start at their minimum;
/// each further unit goes to the highest priority among positive-weight units below their cap, ties by tie key
/// then position. Units with <c>d(0) = 0</c> (Adams, Dean, Huntington–Hill) and nothing yet have infinite priority,
/// so every positive-weight unit gets one before anyone gets two (when the total allows).
/// Cost O(T log m): intended for seat-like totals (thousands), not millions.
/// </summary>
public static class DivisorApportionment
{
    /// <summary>Apportions <paramref name="total"/> by <paramref name="method"/> under optional bounds.</summary>
    /// <param name="method">The divisor rule.</param>
    /// <param name="total">Units to place, ≥ 0.</param>
    /// <param name="weights">Exact weights (e.g. populations).</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="lower">Minimum per unit, or empty.</param>
    /// <param name="upper">Cap per unit, or empty.</param>
    /// <param name="policy">What to do when the bounds cannot hold the total.</param>
    public static BoundedResult Apportion(
        DivisorMethod method,
        long total,
        ExactWeights weights,
        ReadOnlySpan<ulong> tieKeys = default,
        ReadOnlySpan<long> lower = default,
        ReadOnlySpan<long> upper = default,
        InfeasiblePolicy policy = InfeasiblePolicy.Fail)
    {
        var b = BoundSet.Create(total, weights, lower, upper, tieKeys);
        var name = MethodName(method);
        if (b.TryInfeasible(policy, name, out var infeasible))
        {
            return infeasible;
        }

        var m = b.Count;
        var w = weights.Numerators.ToArray();
        var keys = tieKeys.IsEmpty ? null : tieKeys.ToArray();
        var alloc = (long[])b.Lower.Clone();
        var rest = total - alloc.Sum();
        var comparer = Comparer<int>.Create((x, y) => Better(method, w, alloc, keys, x, y) ? -1 : x == y ? 0 : 1);
        var queue = new PriorityQueue<int, int>(comparer);
        for (var i = 0; i < m; i++)
        {
            if (!w[i].IsZero && alloc[i] < b.Upper[i])
            {
                queue.Enqueue(i, i);
            }
        }

        while (rest > 0)
        {
            var u = queue.Dequeue();
            alloc[u]++;
            rest--;
            if (alloc[u] < b.Upper[u])
            {
                queue.Enqueue(u, u);
            }
        }

        return b.Finish(alloc, name, null);
    }

    /// <summary>The method's name as used in audits and on the command line.</summary>
    public static string MethodName(DivisorMethod method) => method switch
    {
        DivisorMethod.DHondt => "dhondt",
        DivisorMethod.SainteLague => "sainte-lague",
        DivisorMethod.HuntingtonHill => "huntington-hill",
        DivisorMethod.Adams => "adams",
        DivisorMethod.Dean => "dean",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>True when unit <paramref name="x"/> has priority over unit <paramref name="y"/>.</summary>
    private static bool Better(DivisorMethod method, BigInteger[] w, long[] n, ulong[]? keys, int x, int y)
    {
        if (x == y)
        {
            return false;
        }

        var c = ComparePriority(method, w[x], n[x], w[y], n[y]);
        return c != 0 ? c > 0 : TieOrder.Precedes(keys, x, y);
    }

    /// <summary>Sign of <c>wa/d(na) − wb/d(nb)</c>, exactly.</summary>
    internal static int ComparePriority(DivisorMethod method, BigInteger wa, long na, BigInteger wb, long nb)
    {
        var (pa, qa) = Divisor(method, na);
        var (pb, qb) = Divisor(method, nb);

        // priority = w / (p/q) = w·q/p; p = 0 means infinite priority.
        if (pa.IsZero || pb.IsZero)
        {
            if (pa.IsZero && pb.IsZero)
            {
                return wa.CompareTo(wb);
            }

            return pa.IsZero ? 1 : -1;
        }

        if (method == DivisorMethod.HuntingtonHill)
        {
            // d² = n(n+1): compare wa²·pb with wb²·pa where p = n(n+1).
            return (wa * wa * pb).CompareTo(wb * wb * pa);
        }

        return (wa * qa * pb).CompareTo(wb * qb * pa);
    }

    /// <summary>The divisor d(n) as a fraction p/q (for Huntington–Hill, p = d² and q = 1).</summary>
    private static (BigInteger P, BigInteger Q) Divisor(DivisorMethod method, long n) => method switch
    {
        DivisorMethod.DHondt => (n + 1, 1),
        DivisorMethod.SainteLague => ((2 * (BigInteger)n) + 1, 2),
        DivisorMethod.Adams => (n, 1),
        DivisorMethod.Dean => (2 * (BigInteger)n * (n + 1), (2 * (BigInteger)n) + 1),
        DivisorMethod.HuntingtonHill => ((BigInteger)n * (n + 1), 1),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
