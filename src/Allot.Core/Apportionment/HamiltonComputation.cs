using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>Intermediate state of one exact Hamilton call, from which the audit record is built.</summary>
internal sealed class HamiltonComputation
{
    public HamiltonComputation(int m, BigInteger weightSum)
    {
        WeightSum = weightSum;
        Floor = new long[m];
        Remainder = new BigInteger[m];
        Allocation = new long[m];
        Order = [];
    }

    /// <summary>Σ w (the remainder denominator).</summary>
    public BigInteger WeightSum { get; }

    public long[] Floor { get; }

    /// <summary>Remainder numerators over <see cref="WeightSum"/>.</summary>
    public BigInteger[] Remainder { get; }

    public long[] Allocation { get; }

    public long Shortfall { get; set; }

    /// <summary>Units in tie order (best first).</summary>
    public int[] Order { get; set; }

    public ApportionmentAudit ToAudit(
        string method,
        long total,
        ReadOnlySpan<long> upper,
        ReadOnlySpan<long> lower,
        ReadOnlySpan<BigInteger> zeroWeight,
        long missing = 0,
        long overflow = 0,
        ReadOnlySpan<long> relaxed = default,
        ReadOnlySpan<long> finalAllocation = default,
        ReadOnlySpan<long> floorsOverride = default)
    {
        var m = Floor.Length;
        var ranks = new int[m];
        for (var pos = 0; pos < Order.Length; pos++)
        {
            ranks[Order[pos]] = pos + 1;
        }

        var alloc = finalAllocation.IsEmpty ? Allocation : finalAllocation.ToArray();
        var floors = floorsOverride.IsEmpty ? Floor : floorsOverride.ToArray();
        var extra = new bool[m];
        for (var i = 0; i < m; i++)
        {
            extra[i] = alloc[i] > floors[i];
        }

        ExactFraction? cutoff = null;
        int tied = 0, resolved = 0;
        if (Shortfall > 0 && Shortfall <= Order.Length && !WeightSum.IsZero)
        {
            var cut = Remainder[Order[Shortfall - 1]];
            cutoff = new ExactFraction(cut, WeightSum);
            int given = 0, notGiven = 0;
            for (var pos = 0; pos < Order.Length; pos++)
            {
                if (Remainder[Order[pos]] == cut)
                {
                    if (pos < Shortfall)
                    {
                        given++;
                    }
                    else
                    {
                        notGiven++;
                    }
                }
            }

            if (notGiven > 0)
            {
                tied = given + notGiven;
                resolved = given;
            }
        }

        var units = new UnitAudit[m];
        var capHits = 0;
        long relaxedTotal = 0;
        for (var i = 0; i < m; i++)
        {
            var bound = BindingBound.None;
            if (!zeroWeight.IsEmpty && zeroWeight[i].IsZero)
            {
                bound = BindingBound.ZeroWeight;
            }
            else if (!upper.IsEmpty && alloc[i] >= upper[i])
            {
                bound = BindingBound.Upper;
            }
            else if (!lower.IsEmpty && alloc[i] <= lower[i] && lower[i] > 0)
            {
                bound = BindingBound.Lower;
            }

            if (!upper.IsEmpty && alloc[i] >= upper[i])
            {
                capHits++;
            }

            if (!relaxed.IsEmpty)
            {
                relaxedTotal += relaxed[i];
            }

            var quotaNum = (floors[i] * WeightSum) + Remainder[i];
            units[i] = new UnitAudit(
                i,
                WeightSum.IsZero ? new ExactFraction(0, 1) : new ExactFraction(quotaNum, WeightSum),
                floors[i],
                WeightSum.IsZero ? new ExactFraction(0, 1) : new ExactFraction(Remainder[i], WeightSum),
                ranks[i],
                extra[i],
                alloc[i],
                bound);
        }

        return new ApportionmentAudit(method, total, Shortfall, cutoff, tied, resolved, missing, overflow, relaxedTotal, capHits, units);
    }

    /// <summary>The tie at the cutoff: units sharing the last awarded remainder, split by whether they got the +1.</summary>
    public TieReport FindTie()
    {
        if (Shortfall <= 0 || Shortfall > Order.Length || WeightSum.IsZero)
        {
            return TieReport.None;
        }

        var cut = Remainder[Order[Shortfall - 1]];
        var winners = new List<int>();
        var losers = new List<int>();
        for (var pos = 0; pos < Order.Length; pos++)
        {
            if (Remainder[Order[pos]] == cut)
            {
                (pos < Shortfall ? winners : losers).Add(Order[pos]);
            }
        }

        return losers.Count == 0
            ? TieReport.None
            : new TieReport(TieResolution.DeclaredOrder, winners, losers, new ExactFraction(cut, WeightSum), null);
    }
}
