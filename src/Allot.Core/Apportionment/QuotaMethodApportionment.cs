using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// The quota method of Balinski and Young (1975): seats are handed out one at a time, house size
/// <c>h = 1, 2, …, T</c>; seat <c>h</c> goes to the highest Jefferson (D'Hondt) priority <c>w / (n + 1)</c> among
/// the units still below their upper quota at that size, i.e. with <c>n &lt; h·w/W</c> (exactly: <c>n·W &lt; h·w</c>),
/// ties by tie key then position. It is house-monotone and satisfies quota (every unit within 1 of its quota).
/// Seats are handed out one by one, so the cost grows with the total: O(T·log m), and totals above
/// <see cref="MaxTotal"/> are refused.
/// </summary>
public static class QuotaMethodApportionment
{
    /// <summary>The method's name in audits and on the command line.</summary>
    public const string Name = "quota";

    /// <summary>
    /// The largest total the method accepts. The method is defined house size by house size, so its cost is the
    /// total times a heap step: 10⁹ seats take some 2 minutes over 10 units and 25 over 10⁶ on this project's
    /// two-core reference machine. Above it a run would take hours to centuries with no answer, so it is refused at once
    /// (<see cref="ApportionmentErrors.TotalTooLarge"/>) and the message points at the divisor methods, which take any
    /// total in O(m log m). See <c>docs/core-decisions.md</c>.
    /// </summary>
    public const long MaxTotal = 1_000_000_000;

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
        if (total > MaxTotal)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.TotalTooLarge, $"quota: a total of {total} is above the quota method's limit of {MaxTotal}: the method hands out seats one at a time, so this total would take far too long. D'Hondt (dhondt) uses the same seat priorities without the upper-quota rule and takes any total; so do the other divisor methods and hamilton.");
        }

        var keys = ties.EffectiveKeys(b.Count, tieKeys);
        var w = weights.Numerators.ToArray();
        var sum = weights.NumeratorSum;
        if (total > 0 && sum.IsZero)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.AllZeroWeights, $"quota: all weights are zero but the total is {total}: there is no share to apportion by.");
        }

        var rule = DivisorRule.For(DivisorMethod.DHondt);
        var order = new SeatOrder(rule, w, weights.SmallNumerators, keys);

        // The audit lists the seats in order only up to the seat-list limit: collect them only then (a list of 10⁹
        // seats would be 16 GB).
        var awarded = withAudit && total <= DivisorApportionment.SeatListLimit ? new List<Seat>() : null;
        var (alloc, last) = weights.SmallNumerators is { } small && sum <= ulong.MaxValue
            ? HandOutSmall(total, small, (ulong)sum, keys, awarded)
            : HandOut(total, w, sum, order, awarded);

        var tie = ties.Enforce(total > 0 ? FindTie(order, alloc, w, sum, total, last) : TieReport.None, Name);
        var result = b.Finish(alloc, Name, null) with { Ties = tie };
        if (!withAudit)
        {
            return result;
        }

        var audit = DivisorAudit.Build(rule, b, weights, result, tie, order);
        var seats = awarded is not null
            ? awarded.Select((s, k) => new SeatAward(k + 1, s.Unit, s.Index + 1, order.Priority(s), tie.HasTie && s == awarded[^1] && tie.Winners.Contains(s.Unit))).ToList()
            : null;
        return result with { Audit = audit with { Method = Name, Seats = seats } };
    }

    /// <summary>Hands out the seats with exact big-integer arithmetic (any weights).</summary>
    private static (long[] Alloc, Seat Last) HandOut(long total, BigInteger[] w, BigInteger sum, SeatOrder order, List<Seat>? awarded)
    {
        var m = w.Length;
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

        return (alloc, last);
    }

    /// <summary>
    /// The same hand-out as <see cref="HandOut"/>, seat for seat, when every weight and their sum fit 64 bits: a
    /// priority comparison is two 128-bit products (<c>w_a·(n_b+1)</c> against <c>w_b·(n_a+1)</c>) and an admitting
    /// house size one 128-bit division, instead of big-integer products and a division for every seat: 0.84 → 0.45 µs
    /// per seat over 10⁵ units. The method is sequential by definition, so this constant is its whole cost.
    /// </summary>
    private static (long[] Alloc, Seat Last) HandOutSmall(long total, ulong[] w, ulong sum, ulong[]? keys, List<Seat>? awarded)
    {
        var m = w.Length;
        var alloc = new long[m];
        var eligible = new PriorityQueue<int, Candidate>(m, new CandidateOrder(keys));
        var waiting = new PriorityQueue<int, (long House, int Unit)>(m);
        for (var i = 0; i < m; i++)
        {
            if (w[i] != 0)
            {
                eligible.Enqueue(i, new Candidate(w[i], 1, i));
            }
        }

        var last = default(Seat);
        for (long h = 1; h <= total; h++)
        {
            while (waiting.TryPeek(out var u, out var admit) && admit.House <= h)
            {
                waiting.Dequeue();
                eligible.Enqueue(u, new Candidate(w[u], (ulong)alloc[u] + 1, u));
            }

            var best = eligible.Peek();
            last = new Seat(best, alloc[best]);
            awarded?.Add(last);
            var held = ++alloc[best];

            // ⌊n·W/w⌋ + 1 with n < 2⁶³ and W < 2⁶⁴: the product fits 127 bits. (Advancing a kept quotient and
            // remainder by W/w per seat instead measured slower: three more arrays read at random units.)
            var admitted = ((UInt128)(ulong)held * sum / w[best]) + 1;
            var house = admitted > long.MaxValue ? long.MaxValue : (long)admitted;
            if (house <= h + 1)
            {
                // Still below quota: its next seat replaces it at the top (one sift instead of a pop and a push).
                eligible.DequeueEnqueue(best, new Candidate(w[best], (ulong)held + 1, best));
            }
            else
            {
                eligible.Dequeue();
                waiting.Enqueue(best, (house, best));
            }
        }

        return (alloc, last);
    }

    /// <summary>A unit's next seat: its weight, the seat's divisor <c>n + 1</c>, the unit (kept together so that
    /// comparing two seats reads the heap's slots, not two arrays at random places).</summary>
    private readonly record struct Candidate(ulong Weight, ulong Divisor, int Unit);

    /// <summary>Best seat first: higher D'Hondt priority <c>w/(n+1)</c> (two 128-bit products), then the tie order.</summary>
    private sealed class CandidateOrder(ulong[]? keys) : IComparer<Candidate>
    {
        public int Compare(Candidate a, Candidate b)
        {
            var left = (UInt128)a.Weight * b.Divisor;
            var right = (UInt128)b.Weight * a.Divisor;
            return left != right ? right.CompareTo(left) : TieOrder.Compare(keys, a.Unit, b.Unit);
        }
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
