using System.Buffers;

namespace Allot.Core.Apportionment;

/// <summary>
/// Largest-remainder (Hamilton) apportionment over units that the caller has already sorted by
/// <c>weight</c> descending, then <c>tieKey</c> ascending — the order in which the tie rule
/// "remainder descending, then tie key ascending" is decided among units whose share is below one.
/// <para>
/// For a total <c>n</c> and weights summing to the denominator <c>K</c>, unit <c>i</c> gets
/// <c>z_i = floor(w_i·n / K)</c> plus one if it is among the <c>S = n − Σz</c> best by
/// (<c>r_i = (w_i·n) mod K</c> descending, tie key ascending). Products are formed in 128-bit arithmetic, so
/// <c>w·n</c> never overflows for any <c>ulong</c> weight and non-negative <c>long</c> total.
/// </para>
/// <para>
/// Why it is fast: units with <c>z ≥ 1</c> have <c>w·n ≥ K</c>, so they form a prefix of the presorted order
/// with at most <c>n</c> members; every later unit has <c>z = 0</c> and <c>r = w·n</c>, which is already in
/// (remainder desc, tie key asc) order. Only the prefix is re-sorted, and the suffix is merged lazily, so a
/// call costs O(p log p + S) with <c>p ≤ n</c> — independent of how many zero-allocation units follow.
/// Because suffix units are taken in order, every unit that receives anything lies in the contiguous range
/// <c>[0, Emitted)</c> of the presorted order; units past it receive zero.
/// </para>
/// </summary>
public static class PresortedLargestRemainder
{
    /// <summary>
    /// Apportions <paramref name="total"/> and writes the non-zero allocations of units
    /// <c>0 .. Emitted−1</c> (presorted positions) into <paramref name="allocation"/>.
    /// </summary>
    /// <param name="total">The integer to split; must be ≥ 0.</param>
    /// <param name="weights">Weights in presorted order (descending); their sum must equal <paramref name="denominator"/> (the caller checks this once per unit set, not per call).</param>
    /// <param name="tieKeys">Secondary keys, ascending among equal weights; ties at the cutoff go to the smaller key.</param>
    /// <param name="denominator">The weights' common denominator <c>K</c> (e.g. <c>10^dp</c>); must be ≥ 1.</param>
    /// <param name="allocation">
    /// Receives the allocation of presorted units <c>0 .. Emitted−1</c>; must be at least
    /// <c>min(units, total)</c> long (every emitted unit gets ≥ 1, so at most <c>total</c> are emitted).
    /// </param>
    /// <returns>How many leading units were emitted (all with allocation ≥ 1), the shortfall <c>S</c> and the ties broken by key.</returns>
    /// <exception cref="ArgumentException">Unsorted input (where the walk examines it), lengths that disagree, a weight sum that cannot match the denominator (negative or impossible shortfall), or an allocation span that is too short.</exception>
    // Called once per S4 pair (10^5–10^7 times in a run lasting about a second): compiled optimised at once
    // rather than starting at tier 0, which a short process never leaves.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static PresortedOutcome Apportion(long total, ReadOnlySpan<ulong> weights, ReadOnlySpan<ulong> tieKeys, ulong denominator, Span<long> allocation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfZero(denominator);
        if (weights.Length != tieKeys.Length)
        {
            throw new ArgumentException($"weights ({weights.Length}) and tie keys ({tieKeys.Length}) differ in length.", nameof(tieKeys));
        }

        if (total == 0 || weights.Length == 0)
        {
            return total == 0 ? new PresortedOutcome(0, 0, 0) : throw new ArgumentException("a positive total needs at least one unit.", nameof(weights));
        }

        var n = (ulong)total;

        // Prefix: units whose quota is at least one whole unit (w·n ≥ K).
        var prefix = 0;
        UInt128 wholeSum = 0;
        while (prefix < weights.Length && Product(weights[prefix], n) >= denominator)
        {
            if (prefix > 0 && weights[prefix] > weights[prefix - 1])
            {
                throw new ArgumentException($"weights are not sorted descending at position {prefix}.", nameof(weights));
            }

            wholeSum += Quotient(weights[prefix], n, denominator, out _);
            prefix++;
        }

        if (wholeSum > n)
        {
            throw new ArgumentException($"the whole parts ({wholeSum}) exceed the total {total}: the weights sum to more than the denominator {denominator}.", nameof(weights));
        }

        var shortfall = (long)(n - (ulong)wholeSum);
        var suffixLength = weights.Length - prefix;
        if (shortfall > prefix + (long)suffixLength)
        {
            throw new ArgumentException($"shortfall {shortfall} exceeds the number of units: the weights sum to less than the denominator {denominator}.", nameof(weights));
        }

        var emittedBound = prefix + (int)Math.Min(shortfall, suffixLength);
        if (allocation.Length < emittedBound)
        {
            throw new ArgumentException($"allocation span holds {allocation.Length} units; {emittedBound} are needed.", nameof(allocation));
        }

        // Prefix units ranked by (remainder desc, tie key asc, position asc). A few prefix units (the usual S4 pair
        // has none or one) are ranked in stack buffers; more in pooled arrays.
        int[]? pooledOrder = null;
        UInt128[]? pooledRemainders = null;
        var order = prefix <= SmallPrefix ? stackalloc int[SmallPrefix] : (pooledOrder = ArrayPool<int>.Shared.Rent(prefix));
        var remainders = prefix <= SmallPrefix ? stackalloc UInt128[SmallPrefix] : (pooledRemainders = ArrayPool<UInt128>.Shared.Rent(prefix));
        try
        {
            for (var i = 0; i < prefix; i++)
            {
                allocation[i] = (long)Quotient(weights[i], n, denominator, out var remainder);
                remainders[i] = remainder;
                order[i] = i;
            }

            if (pooledOrder is not null)
            {
                var keyCopy = ArrayPool<ulong>.Shared.Rent(prefix);
                try
                {
                    tieKeys[..prefix].CopyTo(keyCopy);
                    Array.Sort(pooledOrder, 0, prefix, new PrefixComparer(pooledRemainders!, keyCopy));
                }
                finally
                {
                    ArrayPool<ulong>.Shared.Return(keyCopy);
                }
            }
            else
            {
                // Insertion sort by the same rule (at most SmallPrefix units).
                for (var i = 1; i < prefix; i++)
                {
                    var unit = order[i];
                    var j = i - 1;
                    while (j >= 0 && ComesFirst(remainders[unit], tieKeys[unit], unit, remainders[order[j]], tieKeys[order[j]], order[j]))
                    {
                        order[j + 1] = order[j];
                        j--;
                    }

                    order[j + 1] = unit;
                }
            }

            // Merge the re-sorted prefix with the suffix (already ordered) and take the first S.
            int pi = 0, si = 0;
            UInt128 cutoffRemainder = 0;
            var selectedAtCutoff = 0L;
            for (var taken = 0L; taken < shortfall; taken++)
            {
                var takePrefix = si >= suffixLength || (pi < prefix && ComesFirst(
                    remainders[order[pi]], tieKeys[order[pi]], order[pi], Product(weights[prefix + si], n), tieKeys[prefix + si], prefix + si));
                UInt128 r;
                if (takePrefix)
                {
                    r = remainders[order[pi]];
                    allocation[order[pi]]++;
                    pi++;
                }
                else
                {
                    if (si > 0 && weights[prefix + si] > weights[prefix + si - 1])
                    {
                        throw new ArgumentException($"weights are not sorted descending at position {prefix + si}.", nameof(weights));
                    }

                    r = Product(weights[prefix + si], n);
                    allocation[prefix + si] = 1;
                    si++;
                }

                if (taken == 0 || r != cutoffRemainder)
                {
                    cutoffRemainder = r;
                    selectedAtCutoff = 0;
                }

                selectedAtCutoff++;
            }

            // Ties were broken by key only if the next unit in merged order has the cutoff remainder.
            var ties = 0L;
            if (shortfall > 0)
            {
                var hasNext = pi < prefix || si < suffixLength;
                if (hasNext)
                {
                    var nextRemainder = pi < prefix && (si >= suffixLength || remainders[order[pi]] >= Product(weights[prefix + si], n))
                        ? remainders[order[pi]]
                        : Product(weights[prefix + si], n);
                    if (nextRemainder == cutoffRemainder)
                    {
                        ties = selectedAtCutoff;
                    }
                }
            }

            return new PresortedOutcome(prefix + si, shortfall, ties);
        }
        finally
        {
            if (pooledOrder is not null)
            {
                ArrayPool<int>.Shared.Return(pooledOrder);
                ArrayPool<UInt128>.Shared.Return(pooledRemainders!);
            }
        }
    }

    // Prefixes up to this size are ranked in stack buffers.
    private const int SmallPrefix = 8;

    // w·n as a 128-bit integer, from the 64 × 64 → 128-bit multiply (no 128-bit multiplication routine).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static UInt128 Product(ulong w, ulong n)
    {
        var hi = Math.BigMul(w, n, out var lo);
        return new UInt128(hi, lo);
    }

    // ⌊w·n / k⌋ and (w·n) mod k. In 64-bit arithmetic when w·n fits (always in S4: weights ≤ 10^dp, small n); the
    // 128-bit division routine otherwise — it is not precompiled and a short process would run it unoptimised.
    private static UInt128 Quotient(ulong w, ulong n, ulong k, out UInt128 remainder)
    {
        var hi = Math.BigMul(w, n, out var lo);
        if (hi == 0)
        {
            var q = lo / k;
            remainder = lo - (q * k);
            return q;
        }

        var product = new UInt128(hi, lo);
        remainder = product % k;
        return product / k;
    }

    private static bool ComesFirst(UInt128 prefixRemainder, ulong prefixKey, int prefixPos, UInt128 suffixRemainder, ulong suffixKey, int suffixPos)
    {
        if (prefixRemainder != suffixRemainder)
        {
            return prefixRemainder > suffixRemainder;
        }

        return prefixKey != suffixKey ? prefixKey < suffixKey : prefixPos < suffixPos;
    }

    private sealed class PrefixComparer(UInt128[] remainders, ulong[] keys) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var c = remainders[y].CompareTo(remainders[x]);
            if (c != 0)
            {
                return c;
            }

            c = keys[x].CompareTo(keys[y]);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
