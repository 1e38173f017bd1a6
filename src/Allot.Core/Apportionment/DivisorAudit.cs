namespace Allot.Core.Apportionment;

/// <summary>Builds the audit record of a divisor-method call (also of its infeasible outcomes).</summary>
internal static class DivisorAudit
{
    public static ApportionmentAudit Build(DivisorRule rule, BoundSet b, ExactWeights weights, BoundedResult result, TieReport ties, SeatOrder? order)
    {
        var m = b.Count;
        var alloc = result.Allocation;
        var w = weights.Numerators;
        var sum = weights.NumeratorSum;
        var units = new UnitAudit[m];
        var capHits = 0;
        for (var i = 0; i < m; i++)
        {
            var quota = sum.IsZero ? new ExactFraction(0, 1) : new ExactFraction(b.Total * w[i], sum);
            var floor = (long)(quota.Numerator / quota.Denominator);
            var remainder = new ExactFraction(quota.Numerator - (floor * quota.Denominator), quota.Denominator);
            var atCap = b.OriginalUpper[i] != long.MaxValue && alloc[i] >= b.OriginalUpper[i];
            capHits += atCap ? 1 : 0;
            var bound = w[i].IsZero ? BindingBound.ZeroWeight
                : atCap ? BindingBound.Upper
                : alloc[i] <= b.Lower[i] && b.Lower[i] > 0 ? BindingBound.Lower
                : BindingBound.None;
            var cap = Math.Min(b.Upper[i], rule.MaxSeats);
            units[i] = new UnitAudit(i, quota, floor, remainder, 0, alloc[i] > floor, alloc[i], bound)
            {
                LastSeatPriority = order is not null && alloc[i] > b.Lower[i] ? order.Priority(new Seat(i, alloc[i] - 1)) : null,
                NextSeatPriority = order is not null && !w[i].IsZero && alloc[i] < cap ? order.Priority(new Seat(i, alloc[i])) : null,
            };
        }

        // Under flag/relax the minimums may add up past 2^63 (they are reported as overflow): sum them in 128 bits.
        Int128 minimums = 0;
        foreach (var lo in b.Lower)
        {
            minimums += lo;
        }

        var handedOut = (long)Int128.Max(0, b.Total - minimums);
        return new ApportionmentAudit(
            rule.Name,
            b.Total,
            handedOut,
            null,
            ties.TiedUnits,
            ties.ResolvedByOrder,
            result.Missing,
            result.Overflow,
            result.RelaxedTotal,
            capHits,
            units)
        {
            Ties = ties,
            Seats = order is not null && handedOut <= DivisorApportionment.SeatListLimit ? SeatList(order, b, alloc, ties) : null,
        };
    }

    private static List<SeatAward> SeatList(SeatOrder order, BoundSet b, long[] alloc, TieReport ties)
    {
        var seats = new List<Seat>();
        for (var i = 0; i < b.Count; i++)
        {
            for (var k = b.Lower[i]; k < alloc[i]; k++)
            {
                seats.Add(new Seat(i, k));
            }
        }

        seats.Sort(order);
        var winners = new HashSet<int>(ties.Winners);
        var list = new List<SeatAward>(seats.Count);
        foreach (var s in seats)
        {
            var priority = order.Priority(s);
            var tied = ties.HasTie && winners.Contains(s.Unit) && s.Index == alloc[s.Unit] - 1;
            list.Add(new SeatAward(list.Count + 1, s.Unit, s.Index + 1, priority, tied));
        }

        return list;
    }
}
