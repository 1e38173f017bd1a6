using System.Buffers;
using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// Largest-remainder (Hamilton) apportionment in exact integer arithmetic.
/// <para>
/// Given a total <c>T ≥ 0</c> and non-negative weights <c>w</c> (not all zero unless <c>T = 0</c>), each unit gets
/// <c>floor(T·wᵢ/W)</c>, and the shortfall <c>S = T − Σ floor</c> (always <c>0 ≤ S &lt; m</c>) goes one unit each to
/// the first <c>S</c> units of the <b>tie order</b>: remainder <c>(T·wᵢ) mod W</c> descending, then the tie key
/// ascending, then input position ascending. The order is total, so the result is exact at the cutoff and never
/// depends on sort stability or on the order rows arrived in (given tie keys).
/// </para>
/// <para>
/// Products <c>T·wᵢ</c> are formed in 128-bit (fast path) or arbitrary precision; nothing wraps. Allocation
/// never exceeds <c>T</c>, so results always fit <see cref="long"/>.
/// </para>
/// </summary>
public static class LargestRemainder
{
    /// <summary>
    /// Apportions <paramref name="total"/> over 64-bit integer weights (e.g. fixed-decimal <c>weight_fp</c>) into
    /// <paramref name="allocation"/>. The hot path: no heap allocation for small unit counts, pooled buffers for
    /// large ones, and a partial selection (O(m) expected) of the shortfall winners.
    /// </summary>
    /// <param name="total">Units to hand out, ≥ 0.</param>
    /// <param name="weights">One weight per unit.</param>
    /// <param name="allocation">Receives the result; same length as <paramref name="weights"/>.</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    public static void Apportion(long total, ReadOnlySpan<ulong> weights, Span<long> allocation, ReadOnlySpan<ulong> tieKeys = default)
    {
        var m = weights.Length;
        ApportionmentErrors.RequireSameLength(m, allocation.Length, "allocation");
        if (!tieKeys.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, tieKeys.Length, "tieKeys");
        }

        ApportionmentErrors.RequireNonNegativeTotal(total);
        UInt128 sum = 0;
        for (var i = 0; i < m; i++)
        {
            sum += weights[i];
        }

        if (sum == 0)
        {
            RequireZeroTotal(total);
            allocation.Clear();
            return;
        }

        if (sum <= ulong.MaxValue)
        {
            ApportionNarrow(total, weights, (ulong)sum, allocation, tieKeys);
        }
        else
        {
            ApportionWide(total, weights, sum, allocation, tieKeys);
        }
    }

    /// <summary>Apportions <paramref name="total"/> over exact weights; see the type remarks for the rule.</summary>
    public static void Apportion(long total, ExactWeights weights, Span<long> allocation, ReadOnlySpan<ulong> tieKeys = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.SmallNumerators is { } small)
        {
            Apportion(total, small, allocation, tieKeys);
            return;
        }

        ApportionmentErrors.RequireSameLength(weights.Count, allocation.Length, "allocation");
        if (!tieKeys.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(weights.Count, tieKeys.Length, "tieKeys");
        }

        ApportionmentErrors.RequireNonNegativeTotal(total);
        var computed = Compute(total, weights.Numerators, tieKeys, withRanks: false);
        computed.Allocation.CopyTo(allocation);
    }

    /// <summary>Apportions and returns the full audit record (exact quotas, remainders, ranks, cutoff ties).</summary>
    /// <param name="total">Units to hand out, ≥ 0.</param>
    /// <param name="weights">Exact weights.</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="ties">What to do when units tie at the cutoff; <see cref="TiePolicy.BreakByDeclaredOrder"/> when null.</param>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.TieRequiresLots"/> when <paramref name="ties"/> refuses a tie at the cutoff.</exception>
    public static ApportionmentAudit ApportionWithAudit(long total, ExactWeights weights, ReadOnlySpan<ulong> tieKeys = default, TiePolicy? ties = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var keys = ties.EffectiveKeys(weights.Count, tieKeys);
        ApportionmentErrors.RequireNonNegativeTotal(total);
        var computed = Compute(total, weights.Numerators, keys, withRanks: true);
        var tie = ties.Enforce(computed.FindTie(), "hamilton");
        return computed.ToAudit("hamilton", total, upper: default, lower: default, zeroWeight: weights.Numerators) with { Ties = tie };
    }

    /// <summary>
    /// Ranks units by <paramref name="remainderKeys"/> descending, then <paramref name="tieKeys"/> ascending, then
    /// input position: <c>ranks[i]</c> is the 1-based position of unit <c>i</c>. This is the order the
    /// shortfall follows; S7 uses it with 8-dp quantised residuals and ISO codes as tie keys.
    /// </summary>
    public static void RankRemainders(ReadOnlySpan<ulong> remainderKeys, ReadOnlySpan<ulong> tieKeys, Span<int> ranks)
    {
        var m = remainderKeys.Length;
        ApportionmentErrors.RequireSameLength(m, ranks.Length, "ranks");
        if (!tieKeys.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, tieKeys.Length, "tieKeys");
        }

        int[]? rented = null;
        var idx = m <= 256 ? stackalloc int[m] : (rented = ArrayPool<int>.Shared.Rent(m)).AsSpan(0, m);
        try
        {
            for (var i = 0; i < m; i++)
            {
                idx[i] = i;
            }

            TopSelection.SortRange(remainderKeys, tieKeys, idx);
            for (var pos = 0; pos < m; pos++)
            {
                ranks[idx[pos]] = pos + 1;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private static void RequireZeroTotal(long total)
    {
        if (total != 0)
        {
            throw ApportionmentErrors.Error(
                ApportionmentErrors.AllZeroWeights,
                $"all weights are zero but the total is {total}: there is no share to apportion by.");
        }
    }

    private static void ApportionNarrow(long total, ReadOnlySpan<ulong> weights, ulong sum, Span<long> allocation, ReadOnlySpan<ulong> tieKeys)
    {
        var m = weights.Length;
        ulong[]? rented = null;
        var rem = m <= 512 ? stackalloc ulong[m] : (rented = ArrayPool<ulong>.Shared.Rent(m)).AsSpan(0, m);
        try
        {
            var t = (ulong)total;
            long floors = 0;
            for (var i = 0; i < m; i++)
            {
                var hi = Math.BigMul(t, weights[i], out var lo);
                ulong q, r;
                if (hi == 0)
                {
                    q = lo / sum;
                    r = lo - (q * sum);
                }
                else
                {
                    // hi < sum because T·w ≤ T·W < 2^64·W, so the 128/64 quotient fits 64 bits.
                    var p = new UInt128(hi, lo);
                    q = (ulong)(p / sum);
                    r = (ulong)(p % sum);
                }

                allocation[i] = (long)q;
                rem[i] = r;
                floors += (long)q;
            }

            TopSelection.AddOneToTop<ulong>(rem, tieKeys, checked((int)(total - floors)), allocation);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    private static void ApportionWide(long total, ReadOnlySpan<ulong> weights, UInt128 sum, Span<long> allocation, ReadOnlySpan<ulong> tieKeys)
    {
        var m = weights.Length;
        var rented = ArrayPool<UInt128>.Shared.Rent(m);
        try
        {
            var rem = rented.AsSpan(0, m);
            long floors = 0;
            for (var i = 0; i < m; i++)
            {
                var p = (UInt128)(ulong)total * weights[i];
                var q = p / sum;
                rem[i] = p - (q * sum);
                allocation[i] = (long)q;
                floors += (long)q;
            }

            TopSelection.AddOneToTop<UInt128>(rem, tieKeys, checked((int)(total - floors)), allocation);
        }
        finally
        {
            ArrayPool<UInt128>.Shared.Return(rented);
        }
    }

    /// <summary>The arbitrary-precision path, also used by the bounded methods on exact quotas.</summary>
    internal static HamiltonComputation Compute(long total, ReadOnlySpan<BigInteger> weights, ReadOnlySpan<ulong> tieKeys, bool withRanks)
    {
        var m = weights.Length;
        BigInteger sum = BigInteger.Zero;
        for (var i = 0; i < m; i++)
        {
            sum += weights[i];
        }

        var result = new HamiltonComputation(m, sum);
        if (sum.IsZero)
        {
            RequireZeroTotal(total);
            if (withRanks)
            {
                var zeroKeys = tieKeys.IsEmpty ? null : tieKeys.ToArray();
                var zeroOrder = Enumerable.Range(0, m).ToArray();
                Array.Sort(zeroOrder, (a, b) => TieOrder.Compare(zeroKeys, a, b));
                result.Order = zeroOrder;
            }

            return result;
        }

        long floors = 0;
        for (var i = 0; i < m; i++)
        {
            var q = BigInteger.DivRem(total * weights[i], sum, out var r);
            result.Floor[i] = (long)q;
            result.Remainder[i] = r;
            floors += (long)q;
        }

        result.Shortfall = total - floors;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        var rems = result.Remainder;
        var keys = tieKeys.IsEmpty ? null : tieKeys.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = rems[b].CompareTo(rems[a]);
            return c != 0 ? c : TieOrder.Compare(keys, a, b);
        });
        result.Order = order;
        for (var pos = 0; pos < m; pos++)
        {
            var u = order[pos];
            result.Allocation[u] = result.Floor[u] + (pos < result.Shortfall ? 1 : 0);
        }

        return result;
    }
}
