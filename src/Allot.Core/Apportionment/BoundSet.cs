using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>Validated bounds of one bounded call, and the shared handling of infeasible totals.</summary>
internal sealed class BoundSet
{
    private readonly ulong[]? _tieKeys;
    private readonly ExactWeights _source;
    private BigInteger[]? _weights;

    private BoundSet(long total, ExactWeights weights, long[] lower, long[] upper, long[] originalUpper, ulong[]? tieKeys)
    {
        Total = total;
        _source = weights;
        Lower = lower;
        Upper = upper;
        OriginalUpper = originalUpper;
        _tieKeys = tieKeys;
    }

    public long Total { get; }

    // The weights as big integers only when a slow path (an audit, an infeasible total) asks for them.
    private BigInteger[] Weights => _weights ??= _source.Numerators.ToArray();

    public int Count => Lower.Length;

    public long[] Lower { get; }

    /// <summary>Effective caps: a zero-weight unit's cap is its minimum.</summary>
    public long[] Upper { get; }

    /// <summary>The caps as given (long.MaxValue = none).</summary>
    public long[] OriginalUpper { get; }

    public static BoundSet Create(long total, ExactWeights weights, ReadOnlySpan<long> lower, ReadOnlySpan<long> upper, ReadOnlySpan<ulong> tieKeys)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var m = weights.Count;
        ApportionmentErrors.RequireNonNegativeTotal(total);
        if (!lower.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, lower.Length, "lower bounds");
        }

        if (!upper.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, upper.Length, "upper bounds");
        }

        if (!tieKeys.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, tieKeys.Length, "tieKeys");
        }

        var lo = new long[m];
        var hi = new long[m];
        var orig = new long[m];
        for (var i = 0; i < m; i++)
        {
            lo[i] = lower.IsEmpty ? 0 : lower[i];
            orig[i] = upper.IsEmpty ? long.MaxValue : upper[i];
            if (lo[i] < 0 || lo[i] > orig[i])
            {
                throw ApportionmentErrors.Error(
                    ApportionmentErrors.InvalidBounds,
                    $"bounds [{lo[i]}, {orig[i]}] are invalid: the minimum must be ≥ 0 and not above the cap.",
                    i);
            }

            hi[i] = weights.IsZeroAt(i) ? lo[i] : orig[i];
        }

        return new BoundSet(total, weights, lo, hi, orig, tieKeys.IsEmpty ? null : tieKeys.ToArray());
    }

    /// <summary>
    /// Handles totals the bounds cannot hold. Returns false when feasible (the caller apportions);
    /// otherwise applies <paramref name="policy"/> and returns the result.
    /// </summary>
    public bool TryInfeasible(InfeasiblePolicy policy, string method, out BoundedResult result)
    {
        Int128 sumLo = 0, sumHi = 0;
        for (var i = 0; i < Count; i++)
        {
            sumLo += Lower[i];
            sumHi += Upper[i];
        }

        var m = Count;
        if (sumLo > Total)
        {
            // Σ lower is formed in 128 bits; the excess must still fit the result type: never wrap.
            if (sumLo - Total > long.MaxValue)
            {
                throw ApportionmentErrors.Error(
                    ApportionmentErrors.Overflow,
                    $"the minimums add up to {sumLo}, which exceeds the total {Total} by more than a 64-bit count can hold.");
            }

            var overflow = (long)(sumLo - Total);
            if (policy == InfeasiblePolicy.Fail)
            {
                throw ApportionmentErrors.Error(
                    ApportionmentErrors.InfeasibleBounds,
                    $"the minimums add up to {sumLo}, more than the total {Total} (overflow {overflow}).");
            }

            // Meet minimums in order of weight descending as far as the total allows.
            var alloc = new long[m];
            var left = Total;
            foreach (var i in ByWeight(Enumerable.Range(0, m)))
            {
                var give = Math.Min(Lower[i], left);
                alloc[i] = give;
                left -= give;
            }

            result = Finish(alloc, method, null, overflow: overflow);
            return true;
        }

        if (sumHi < Total)
        {
            var missing = (long)(Total - sumHi);
            if (policy == InfeasiblePolicy.Fail)
            {
                throw ApportionmentErrors.Error(
                    ApportionmentErrors.InfeasibleBounds,
                    $"the caps add up to {sumHi}, less than the total {Total}: {missing} unit(s) cannot be placed.");
            }

            var alloc = (long[])Upper.Clone();
            var relaxed = new long[m];
            if (policy == InfeasiblePolicy.RelaxCaps)
            {
                var positive = ByWeight(Enumerable.Range(0, m).Where(i => !_source.IsZeroAt(i)));
                if (positive.Count == 0)
                {
                    throw ApportionmentErrors.Error(
                        ApportionmentErrors.AllZeroWeights,
                        $"all weights are zero: {missing} unit(s) above the minimums have nowhere to go.");
                }

                var passes = missing / positive.Count;
                var extra = missing % positive.Count;
                for (var j = 0; j < positive.Count; j++)
                {
                    var add = passes + (j < extra ? 1 : 0);
                    alloc[positive[j]] += add;
                    relaxed[positive[j]] = add;
                }

                missing = 0;
            }

            result = Finish(alloc, method, null, missing: missing, relaxed: relaxed);
            return true;
        }

        result = null!;
        return false;
    }

    /// <summary>Builds the result: cap hits against the original caps, and the audit when requested.</summary>
    public BoundedResult Finish(long[] alloc, string method, HamiltonComputation? h, long missing = 0, long overflow = 0, long[]? relaxed = null, long[]? floors = null)
    {
        var m = Count;
        relaxed ??= new long[m];
        var capHit = new bool[m];
        for (var i = 0; i < m; i++)
        {
            capHit[i] = OriginalUpper[i] != long.MaxValue && alloc[i] >= OriginalUpper[i];
        }

        ApportionmentAudit? audit = null;
        if (h is not null)
        {
            audit = h.ToAudit(method, Total, OriginalUpper, Lower, Weights, missing, overflow, relaxed, alloc, floors);
        }

        return new BoundedResult(alloc, missing, overflow, relaxed, capHit, audit);
    }

    /// <summary>
    /// The audit of an outcome no method ranked (an infeasible total): exact quotas <c>T·w/W</c>, floors and
    /// binding bounds, with the missing/overflow/relaxed counts, so the audit exists in every outcome.
    /// </summary>
    public ApportionmentAudit QuotaAudit(string method, BoundedResult result)
    {
        var h = new HamiltonComputation(Count, WeightTotal());
        for (var i = 0; i < Count; i++)
        {
            if (!h.WeightSum.IsZero)
            {
                h.Floor[i] = (long)BigInteger.DivRem(Total * Weights[i], h.WeightSum, out var r);
                h.Remainder[i] = r;
            }
        }

        return h.ToAudit(method, Total, OriginalUpper, Lower, Weights, result.Missing, result.Overflow, result.RelaxedUnits, result.Allocation);
    }

    private BigInteger WeightTotal()
    {
        var s = BigInteger.Zero;
        foreach (var w in Weights)
        {
            s += w;
        }

        return s;
    }

    /// <summary>Units ordered by weight descending, then tie key, then position.</summary>
    public List<int> ByWeight(IEnumerable<int> units)
    {
        var list = units.ToList();
        var keys = _tieKeys;
        var w = Weights;
        list.Sort((x, y) =>
        {
            var c = w[y].CompareTo(w[x]);
            return c != 0 ? c : TieOrder.Compare(keys, x, y);
        });
        return list;
    }
}
