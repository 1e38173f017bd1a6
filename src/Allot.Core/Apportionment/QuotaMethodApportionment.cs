using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// The quota method of Balinski and Young (1975): seats are handed out one at a time, house size
/// <c>h = 1, 2, …, T</c>; seat <c>h</c> goes to the highest Jefferson (D'Hondt) priority <c>w / (n + 1)</c> among
/// the units still below their upper quota at that size, i.e. with <c>n &lt; h·w/W</c> (exactly: <c>n·W &lt; h·w</c>),
/// ties by tie key then position. It is house-monotone and satisfies quota (every unit within 1 of its quota).
/// Seats are handed out one by one, so the cost grows with the total: O(T·log m).
/// </summary>
public static class QuotaMethodApportionment
{
    /// <summary>The method's name in audits and on the command line.</summary>
    public const string Name = "quota";

    /// <summary>Apportions <paramref name="total"/> by the quota method.</summary>
    /// <param name="total">Seats to hand out, ≥ 0.</param>
    /// <param name="weights">Exact weights; all zero with a positive total is <see cref="ApportionmentErrors.AllZeroWeights"/>.</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="ties">What to do when units tie for the last seat; <see cref="TiePolicy.BreakByDeclaredOrder"/> when null.</param>
    /// <param name="withAudit">Build the audit record (exact quotas, seat priorities, the seat order).</param>
    public static BoundedResult Apportion(long total, ExactWeights weights, ReadOnlySpan<ulong> tieKeys = default, TiePolicy? ties = null, bool withAudit = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var b = BoundSet.Create(total, weights, default, default, tieKeys);
        var keys = ties.EffectiveKeys(b.Count, tieKeys);
        var w = weights.Numerators.ToArray();
        var sum = weights.NumeratorSum;
        if (total > 0 && sum.IsZero)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.AllZeroWeights, $"quota: all weights are zero but the total is {total}: there is no share to apportion by.");
        }

        var rule = DivisorRule.For(DivisorMethod.DHondt);
        var order = new SeatOrder(rule, w, weights.SmallNumerators, keys);
        var m = b.Count;
        var alloc = new long[m];

        // Seat h goes to the best seat (the order's first) among units below their upper quota at house size h. A
        // unit holding n seats is below it from h = ⌊n·W/w⌋ + 1 on, and stays so until it gets a seat: so the units
        // below quota wait in a heap by seat order and the others in a heap by the house size that admits them.
        // O(T·log m) instead of scanning every unit for every seat (O(T·m)), with the same seat at every step.
        var eligible = new PriorityQueue<Seat, Seat>(m, order);
        var waiting = new PriorityQueue<int, (long House, int Unit)>(m);
        for (var i = 0; i < m; i++)
        {
            if (!w[i].IsZero)
            {
                eligible.Enqueue(new Seat(i, 0), new Seat(i, 0));
            }
        }

        var awarded = withAudit ? new List<Seat>() : null;
        var last = default(Seat);
        for (long h = 1; h <= total; h++)
        {
            while (waiting.TryPeek(out _, out var admit) && admit.House <= h)
            {
                var u = waiting.Dequeue();
                eligible.Enqueue(new Seat(u, alloc[u]), new Seat(u, alloc[u]));
            }

            last = eligible.Dequeue();
            awarded?.Add(last);
            var best = last.Unit;
            alloc[best]++;
            var house = AdmittedFrom(alloc[best], w[best], sum);
            if (house <= h + 1)
            {
                eligible.Enqueue(new Seat(best, alloc[best]), new Seat(best, alloc[best]));
            }
            else
            {
                waiting.Enqueue(best, (house, best));
            }
        }

        var tie = ties.Enforce(total > 0 ? FindTie(order, alloc, w, sum, total, last) : TieReport.None, Name);
        var result = b.Finish(alloc, Name, null) with { Ties = tie };
        if (!withAudit)
        {
            return result;
        }

        var audit = DivisorAudit.Build(rule, b, weights, result, tie, order);
        var seats = awarded!.Count <= DivisorApportionment.SeatListLimit
            ? awarded.Select((s, k) => new SeatAward(k + 1, s.Unit, s.Index + 1, order.Priority(s), tie.HasTie && s == awarded[^1] && tie.Winners.Contains(s.Unit))).ToList()
            : null;
        return result with { Audit = audit with { Method = Name, Seats = seats } };
    }

    /// <summary>The house size from which a unit holding <paramref name="held"/> seats is below its upper quota: <c>⌊n·W/w⌋ + 1</c>.</summary>
    private static long AdmittedFrom(long held, BigInteger weight, BigInteger sum)
    {
        var house = (held * sum / weight) + 1;
        return house > long.MaxValue ? long.MaxValue : (long)house;
    }

    /// <summary>
    /// The tie for the last seat: units eligible at house size <c>T</c> whose priority equals the last seat's, the
    /// one that got it being the winner.
    /// </summary>
    private static TieReport FindTie(SeatOrder order, long[] alloc, BigInteger[] w, BigInteger sum, long total, Seat last)
    {
        var losers = new List<int>();
        for (var i = 0; i < alloc.Length; i++)
        {
            // Eligible for seat T before it was given: n·W < T·w with the allocation before the last seat.
            var before = i == last.Unit ? alloc[i] - 1 : alloc[i];
            if (i != last.Unit && !w[i].IsZero && before * sum < total * w[i] && order.ComparePriority(new Seat(i, before), last) == 0)
            {
                losers.Add(i);
            }
        }

        if (losers.Count == 0)
        {
            return TieReport.None;
        }

        var keys = order.Keys;
        losers.Sort((x, y) => TieOrder.Compare(keys, x, y));
        return new TieReport(TieResolution.DeclaredOrder, [last.Unit], losers, null, order.Priority(last));
    }
}
