using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// Divisor (highest-averages) methods with bounds, in exact arithmetic, at any total.
/// <para>
/// The result is defined seat by seat: units start at their minimum, and each further seat goes to the highest
/// priority <c>w / d(n)</c> among positive-weight units below their cap, ties by tie key then position. Priorities
/// are compared by cross-multiplication (Huntington–Hill compares <c>w²/(n(n+1))</c>; never a floating-point
/// square root). Units with <c>d(0) = 0</c> (Adams, Dean, Huntington–Hill) and nothing yet have infinite
/// priority, the larger weight first, so every positive-weight unit gets one before anyone gets two.
/// </para>
/// <para>
/// It is computed by divisor estimation and correction in O(m log m), independent of the total: a divisor
/// <c>x</c> with <c>Σ clamp(seats(wᵢ·x)) ≈ T</c> is estimated (floating point, estimation only), then seats are
/// added, removed or swapped one at a time, each chosen by the exact seat order, until the seats held are exactly
/// the best <c>T − Σ min</c> seats in that order — the seat-by-seat answer, whatever the estimate was.
/// </para>
/// </summary>
public static class DivisorApportionment
{
    /// <summary>The audit lists seats one by one (<see cref="ApportionmentAudit.Seats"/>) up to this many seats handed out by priority.</summary>
    public const int SeatListLimit = 10_000;

    /// <summary>Apportions <paramref name="total"/> by <paramref name="method"/> under optional bounds.</summary>
    /// <param name="method">The divisor rule.</param>
    /// <param name="total">Units to place, ≥ 0.</param>
    /// <param name="weights">Exact weights (e.g. votes, populations); all zero with a positive total is <see cref="ApportionmentErrors.AllZeroWeights"/>.</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="lower">Minimum per unit, or empty.</param>
    /// <param name="upper">Cap per unit (<see cref="long.MaxValue"/> = none), or empty.</param>
    /// <param name="policy">What to do when the bounds cannot hold the total.</param>
    /// <param name="ties">What to do when units tie for the last seat(s); <see cref="TiePolicy.BreakByDeclaredOrder"/> when null.</param>
    /// <param name="withAudit">Build the audit record (exact quotas, seat priorities, the seat order).</param>
    public static BoundedResult Apportion(
        DivisorMethod method,
        long total,
        ExactWeights weights,
        ReadOnlySpan<ulong> tieKeys = default,
        ReadOnlySpan<long> lower = default,
        ReadOnlySpan<long> upper = default,
        InfeasiblePolicy policy = InfeasiblePolicy.Fail,
        TiePolicy? ties = null,
        bool withAudit = false) =>
        Run(DivisorRule.For(method), total, weights, tieKeys, lower, upper, policy, ties, withAudit);

    /// <summary>Apportions <paramref name="total"/> by a divisor sequence given as data; otherwise as the built-in methods.</summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.DivisorSequenceTooShort"/> when the sequence has fewer than <paramref name="total"/> divisors.</exception>
    public static BoundedResult Apportion(
        DivisorSequence divisors,
        long total,
        ExactWeights weights,
        ReadOnlySpan<ulong> tieKeys = default,
        ReadOnlySpan<long> lower = default,
        ReadOnlySpan<long> upper = default,
        InfeasiblePolicy policy = InfeasiblePolicy.Fail,
        TiePolicy? ties = null,
        bool withAudit = false)
    {
        ArgumentNullException.ThrowIfNull(divisors);
        if (divisors.Count < total)
        {
            throw ApportionmentErrors.Error(
                ApportionmentErrors.DivisorSequenceTooShort,
                $"the divisor sequence '{divisors.Name}' has {divisors.Count} divisors but the total is {total}: give at least as many divisors as the total.");
        }

        return Run(DivisorRule.For(divisors), total, weights, tieKeys, lower, upper, policy, ties, withAudit);
    }

    /// <summary>The method's name as used in audits and on the command line.</summary>
    public static string MethodName(DivisorMethod method) => method switch
    {
        DivisorMethod.DHondt => "dhondt",
        DivisorMethod.SainteLague => "sainte-lague",
        DivisorMethod.HuntingtonHill => "huntington-hill",
        DivisorMethod.Adams => "adams",
        DivisorMethod.Dean => "dean",
        DivisorMethod.ModifiedSainteLague => "modified-sainte-lague",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Sign of <c>wa/d(na) − wb/d(nb)</c>, exactly.</summary>
    internal static int ComparePriority(DivisorMethod method, BigInteger wa, long na, BigInteger wb, long nb) =>
        SeatOrder.ComparePriority(DivisorRule.For(method), wa, na, wb, nb);

    /// <summary>
    /// The seat-by-seat definition, O(T log m): kept as the reference the estimation is tested against, and
    /// nothing else.
    /// </summary>
    internal static long[] SeatBySeat(DivisorRule rule, long total, ExactWeights weights, ReadOnlySpan<ulong> tieKeys, ReadOnlySpan<long> lower, ReadOnlySpan<long> upper)
    {
        var b = BoundSet.Create(total, weights, lower, upper, tieKeys);
        var w = weights.Numerators.ToArray();
        var order = new SeatOrder(rule, w, weights.SmallNumerators, tieKeys.IsEmpty ? null : tieKeys.ToArray());
        var alloc = (long[])b.Lower.Clone();
        var rest = total - alloc.Sum();
        var queue = new PriorityQueue<Seat, Seat>(order);
        var caps = Caps(rule, b);
        for (var i = 0; i < b.Count; i++)
        {
            if (!w[i].IsZero && alloc[i] < caps[i])
            {
                queue.Enqueue(new Seat(i, alloc[i]), new Seat(i, alloc[i]));
            }
        }

        while (rest > 0 && queue.Count > 0)
        {
            var u = queue.Dequeue().Unit;
            alloc[u]++;
            rest--;
            if (alloc[u] < caps[u])
            {
                queue.Enqueue(new Seat(u, alloc[u]), new Seat(u, alloc[u]));
            }
        }

        return alloc;
    }

    private static BoundedResult Run(
        DivisorRule rule,
        long total,
        ExactWeights weights,
        ReadOnlySpan<ulong> tieKeys,
        ReadOnlySpan<long> lower,
        ReadOnlySpan<long> upper,
        InfeasiblePolicy policy,
        TiePolicy? ties,
        bool withAudit)
    {
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var b = BoundSet.Create(total, weights, lower, upper, tieKeys);
        if (total > 0 && AllZero(weights))
        {
            // Checked before feasibility: with no weight at all there is nothing to apportion by, whatever the bounds.
            throw ApportionmentErrors.Error(
                ApportionmentErrors.AllZeroWeights,
                $"{rule.Name}: all weights are zero but the total is {total}: there is no share to apportion by.");
        }

        var keys = ties.EffectiveKeys(b.Count, tieKeys);
        if (b.TryInfeasible(policy, rule.Name, out var infeasible))
        {
            return withAudit ? infeasible with { Audit = DivisorAudit.Build(rule, b, weights, infeasible, TieReport.None, null) } : infeasible;
        }

        var w = weights.Numerators.ToArray();
        var order = new SeatOrder(rule, w, weights.SmallNumerators, keys);
        var caps = Caps(rule, b);
        var alloc = Estimate(rule, b, caps, weights);
        Correct(order, b, caps, alloc);
        var tie = ties.Enforce(FindTie(order, b, caps, alloc, w), rule.Name);
        var result = b.Finish(alloc, rule.Name, null) with { Ties = tie };
        return withAudit ? result with { Audit = DivisorAudit.Build(rule, b, weights, result, tie, order) } : result;
    }

    /// <summary>
    /// Seats per unit at an estimated divisor: <c>clamp(#{k : d(k) &lt; wᵢ·x}, minᵢ, capᵢ)</c> with <c>x</c> found by
    /// Newton steps on the free weight, guarded by bisection. Floating point is used here only; any answer is fine
    /// for correctness, a good one keeps the correction short.
    /// </summary>
    private static bool AllZero(ExactWeights weights)
    {
        foreach (var n in weights.Numerators)
        {
            if (!n.IsZero)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Effective caps: the bounds' caps, and no more seats than a data sequence has divisors.</summary>
    private static long[] Caps(DivisorRule rule, BoundSet b)
    {
        var caps = (long[])b.Upper.Clone();
        for (var i = 0; i < caps.Length; i++)
        {
            caps[i] = Math.Max(b.Lower[i], Math.Min(caps[i], rule.MaxSeats));
        }

        return caps;
    }

    private static long[] Estimate(DivisorRule rule, BoundSet b, long[] caps, ExactWeights weights)
    {
        var m = b.Count;
        var alloc = (long[])b.Lower.Clone();
        var rest = b.Total - alloc.Sum();
        if (rest <= 0)
        {
            return alloc;
        }

        var wd = new double[m];
        var wSum = 0.0;
        if (weights.SmallNumerators is { } small)
        {
            for (var i = 0; i < m; i++)
            {
                wd[i] = caps[i] > b.Lower[i] ? small[i] : 0;
                wSum += wd[i];
            }
        }
        else
        {
            // Scale the numerators into double range (weights from tiny doubles can have thousands of bits).
            var maxBits = 0L;
            foreach (var n in weights.Numerators)
            {
                maxBits = Math.Max(maxBits, (long)n.GetBitLength());
            }

            var shift = (int)Math.Max(0, maxBits - 900);
            for (var i = 0; i < m; i++)
            {
                wd[i] = caps[i] > b.Lower[i] ? (double)(weights[i] >> shift) : 0;
                wSum += wd[i];
            }
        }

        if (!(wSum > 0))
        {
            return alloc;
        }

        var target = (double)b.Total;
        double x = b.Total / wSum, xLo = 0, xHi = double.PositiveInfinity;
        for (var iter = 0; iter < 100; iter++)
        {
            double sum = 0, free = 0;
            for (var i = 0; i < m; i++)
            {
                var n = Math.Clamp(rule.EstimateSeats(wd[i] * x, caps[i]), b.Lower[i], caps[i]);
                alloc[i] = n;
                sum += n;
                if (n > b.Lower[i] && n < caps[i])
                {
                    free += wd[i];
                }
            }

            var gap = target - sum;
            if (Math.Abs(gap) <= Math.Max(1, m / 64))
            {
                break;
            }

            if (gap > 0)
            {
                xLo = x;
            }
            else
            {
                xHi = x;
            }

            var next = free > 0 ? x + (gap / free) : double.NaN;
            if (!(next > xLo && next < xHi))
            {
                next = double.IsPositiveInfinity(xHi) ? Math.Max(x * 2, 1 / wSum) : (xLo + xHi) / 2;
            }

            if (next == x)
            {
                break;
            }

            x = next;
        }

        return alloc;
    }

    /// <summary>
    /// Adds the best missing seat while short, drops the worst held seat while over, and swaps while a missing
    /// seat outranks a held one. On exit the held seats are exactly the best <c>T − Σ min</c> seats of the total
    /// seat order, which is the seat-by-seat result. Stale heap entries are skipped lazily.
    /// </summary>
    private static void Correct(SeatOrder order, BoundSet b, long[] caps, long[] alloc)
    {
        var m = b.Count;
        var next = new PriorityQueue<Seat, Seat>(order);
        var held = new PriorityQueue<Seat, Seat>(Comparer<Seat>.Create((x, y) => order.Compare(y, x)));

        // 128 bits: near T = 2⁶³ − 1 the estimate can hold a few seats more than any long can count (a unit at its
        // cap of 2⁶³ − 1 plus the others' seats); a wrapped sum read as "short" and added seats forever.
        Int128 sum = 0;
        var nextItems = new List<(Seat, Seat)>();
        var heldItems = new List<(Seat, Seat)>();
        for (var i = 0; i < m; i++)
        {
            sum += alloc[i];
            if (alloc[i] < caps[i])
            {
                nextItems.Add((new Seat(i, alloc[i]), new Seat(i, alloc[i])));
            }

            if (alloc[i] > b.Lower[i])
            {
                heldItems.Add((new Seat(i, alloc[i] - 1), new Seat(i, alloc[i] - 1)));
            }
        }

        next.EnqueueRange(nextItems);
        held.EnqueueRange(heldItems);

        bool TopNext(out Seat s)
        {
            while (next.TryPeek(out s, out _))
            {
                if (alloc[s.Unit] == s.Index && s.Index < caps[s.Unit])
                {
                    return true;
                }

                next.Dequeue();
            }

            return false;
        }

        bool TopHeld(out Seat s)
        {
            while (held.TryPeek(out s, out _))
            {
                if (alloc[s.Unit] - 1 == s.Index && s.Index >= b.Lower[s.Unit])
                {
                    return true;
                }

                held.Dequeue();
            }

            return false;
        }

        void Add(int u)
        {
            alloc[u]++;
            sum++;
            held.Enqueue(new Seat(u, alloc[u] - 1), new Seat(u, alloc[u] - 1));
            if (alloc[u] < caps[u])
            {
                next.Enqueue(new Seat(u, alloc[u]), new Seat(u, alloc[u]));
            }
        }

        void Remove(int u)
        {
            alloc[u]--;
            sum--;
            next.Enqueue(new Seat(u, alloc[u]), new Seat(u, alloc[u]));
            if (alloc[u] > b.Lower[u])
            {
                held.Enqueue(new Seat(u, alloc[u] - 1), new Seat(u, alloc[u] - 1));
            }
        }

        while (true)
        {
            if (sum < b.Total)
            {
                // Feasibility was checked (Σ caps ≥ T), so a unit below its cap exists; never add blindly.
                if (!TopNext(out var s))
                {
                    throw new InvalidOperationException($"divisor correction: {b.Total - sum} seat(s) left but every unit is at its cap.");
                }

                Add(s.Unit);
            }
            else if (sum > b.Total)
            {
                // The estimate never goes below the minimums, so a seat above a minimum exists while over.
                if (!TopHeld(out var s))
                {
                    throw new InvalidOperationException($"divisor correction: {sum - b.Total} seat(s) too many but every unit is at its minimum.");
                }

                Remove(s.Unit);
            }
            else if (TopNext(out var add) && TopHeld(out var drop) && order.Compare(add, drop) < 0)
            {
                Remove(drop.Unit);
                Add(add.Unit);
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// The tie at the cutoff: units whose last seat (above their minimum) has the cutoff priority, and units below
    /// their cap whose next seat has it. A tie only when the second set is not empty.
    /// </summary>
    private static TieReport FindTie(SeatOrder order, BoundSet b, long[] caps, long[] alloc, BigInteger[] w)
    {
        Seat? worst = null;
        for (var i = 0; i < b.Count; i++)
        {
            if (alloc[i] > b.Lower[i])
            {
                var s = new Seat(i, alloc[i] - 1);
                if (worst is null || order.Compare(s, worst.Value) > 0)
                {
                    worst = s;
                }
            }
        }

        if (worst is not { } cut)
        {
            return TieReport.None;
        }

        var winners = new List<int>();
        var losers = new List<int>();
        for (var i = 0; i < b.Count; i++)
        {
            if (alloc[i] > b.Lower[i] && order.ComparePriority(new Seat(i, alloc[i] - 1), cut) == 0)
            {
                winners.Add(i);
            }
            else if (!w[i].IsZero && alloc[i] < caps[i] && order.ComparePriority(new Seat(i, alloc[i]), cut) == 0)
            {
                losers.Add(i);
            }
        }

        if (losers.Count == 0)
        {
            return TieReport.None;
        }

        var keys = order.Keys;
        winners.Sort((x, y) => TieOrder.Compare(keys, x, y));
        losers.Sort((x, y) => TieOrder.Compare(keys, x, y));
        return new TieReport(TieResolution.DeclaredOrder, winners, losers, null, order.Priority(cut));
    }
}
