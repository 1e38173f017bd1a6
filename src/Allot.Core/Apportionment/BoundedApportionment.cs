using System.Numerics;
using System.Runtime.InteropServices;

namespace Allot.Core.Apportionment;

/// <summary>
/// Apportionment with per-unit integer bounds <c>lowerᵢ ≤ nᵢ ≤ upperᵢ</c> (use <see cref="long.MaxValue"/> for
/// "no cap"). Feasible iff <c>Σ lower ≤ T ≤ Σ upper</c>; otherwise the <see cref="InfeasiblePolicy"/> decides.
/// Zero-weight units receive exactly their lower bound: they never take units that weights did not give them.
/// </summary>
public static class BoundedApportionment
{
    /// <summary>
    /// The proportional bounded method: continuous quotas <c>qᵢ = clamp(λ·wᵢ, lowerᵢ, upperᵢ)</c> with the unique
    /// water level <c>λ</c> such that <c>Σ qᵢ = T</c> (found by an exact breakpoint search in rational
    /// arithmetic), then Hamilton on those quotas. The result respects the bounds and the total and minimises
    /// <c>Σ |nᵢ − qᵢ|</c>.
    /// </summary>
    /// <param name="total">Units to place, ≥ 0.</param>
    /// <param name="weights">Exact weights.</param>
    /// <param name="lower">Minimum per unit (≥ 0), or empty for all zero.</param>
    /// <param name="upper">Cap per unit, or empty for no caps.</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="policy">What to do when the bounds cannot hold the total.</param>
    /// <param name="withAudit">Build the per-unit audit record (exact fractions per unit).</param>
    /// <param name="ties">What to do when units tie at the cutoff; <see cref="TiePolicy.BreakByDeclaredOrder"/> when null.</param>
    public static BoundedResult Proportional(
        long total,
        ExactWeights weights,
        ReadOnlySpan<long> lower,
        ReadOnlySpan<long> upper,
        ReadOnlySpan<ulong> tieKeys,
        InfeasiblePolicy policy,
        bool withAudit = false,
        TiePolicy? ties = null)
    {
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var b = BoundSet.Create(total, weights, lower, upper, tieKeys);
        var keys = ties.EffectiveKeys(b.Count, tieKeys);
        if (b.TryInfeasible(policy, "proportional-bounded", out var infeasible))
        {
            return withAudit ? infeasible with { Audit = b.QuotaAudit("proportional-bounded", infeasible) } : infeasible;
        }

        if (!withAudit && weights.SmallNumerators is { } small && ProportionalNarrow(total, small, b, keys, ties) is { } narrow)
        {
            return narrow;
        }

        var m = b.Count;
        var w = weights.Numerators;

        // Units with positive weight share T' = T − Σ(lower of zero-weight units) by the water level λ = a/d.
        var target = (BigInteger)total;
        var positive = new List<int>(m);
        for (var i = 0; i < m; i++)
        {
            if (w[i].IsZero)
            {
                target -= b.Lower[i];
            }
            else
            {
                positive.Add(i);
            }
        }

        var (a, d) = WaterLevel(positive, w, b.Lower, b.Upper, target);
        var quotaNumerators = new BigInteger[m];
        for (var i = 0; i < m; i++)
        {
            quotaNumerators[i] = w[i].IsZero ? b.Lower[i] * d : Clamp(a * w[i], d, b.Lower[i], b.Upper[i]);
        }

        // Hamilton on quotas P/d: with total T and weights P (Σ P = T·d) the quotas are exactly P/d.
        var h = LargestRemainder.Compute(total, quotaNumerators, keys, withRanks: withAudit);
        var tie = ties.Enforce(h.FindTie(), "proportional-bounded");
        var result = b.Finish(h.Allocation, "proportional-bounded", withAudit ? h : null) with { Ties = tie };
        return result.Audit is null ? result : result with { Audit = result.Audit with { Ties = tie } };
    }

    /// <summary>
    /// <see cref="Proportional"/> in 128-bit integers, for weights that fit 64 bits when every product the method forms
    /// fits 127 bits: a bound (≤ 2⁶³) times a weight sum (Σ ≤ m·2⁶⁴), summed over m units. The same steps in the same
    /// order as the big-integer path — breakpoints sorted by the same comparisons, the same binary search, Hamilton on
    /// the quotas <c>P/d</c> with the same order and tie report — so the result is the same, without allocating a big
    /// integer per product (a retail row of 50 stores made ~50 KB of them). Null when the bounds do not fit: the
    /// caller then takes the big-integer path.
    /// </summary>
    private static BoundedResult? ProportionalNarrow(long total, ulong[] w, BoundSet b, ulong[]? keys, TiePolicy ties)
    {
        var m = w.Length;
        if (total <= 0 || m == 0)
        {
            return null;
        }

        long target = total, bound = total;
        UInt128 weightSum = 0;
        var positive = new List<int>(m);
        for (var i = 0; i < m; i++)
        {
            if (w[i] == 0)
            {
                target -= b.Lower[i];
            }
            else
            {
                positive.Add(i);
                weightSum += w[i];
            }

            bound = Math.Max(bound, Math.Max(b.Lower[i], b.Upper[i] == long.MaxValue ? 0 : b.Upper[i]));
        }

        if (target < 0 || positive.Count == 0 || BitLength((ulong)m) + BitLength((ulong)bound) + BitLength(weightSum) > 126)
        {
            return null;
        }

        // The water level λ = a/d, as in WaterLevel.
        var lo = b.Lower;
        var hi = b.Upper;
        var points = new List<(long Num, ulong Den)>(1 + (2 * positive.Count)) { (0, 1) };
        foreach (var i in positive)
        {
            points.Add((lo[i], w[i]));
            if (hi[i] != long.MaxValue)
            {
                points.Add((hi[i], w[i]));
            }
        }

        points.Sort(static (x, y) => ((UInt128)(ulong)x.Num * y.Den).CompareTo((UInt128)(ulong)y.Num * x.Den));

        int Compare(long a, UInt128 d)
        {
            UInt128 sum = 0;
            foreach (var i in positive)
            {
                sum += Clamp128((ulong)a * (UInt128)w[i], d, lo[i], hi[i]);
            }

            return sum.CompareTo((ulong)target * d);
        }

        var left = LastNotAbove(points.Count, k => Compare(points[k].Num, points[k].Den));
        long level;
        UInt128 denominator;
        var (bn, bd) = points[left];
        if (Compare(bn, bd) == 0)
        {
            (level, denominator) = (bn, bd);
        }
        else
        {
            long fixedSum = 0;
            UInt128 freeWeight = 0;
            foreach (var i in positive)
            {
                if (hi[i] != long.MaxValue && (ulong)hi[i] * (UInt128)bd <= (ulong)bn * (UInt128)w[i])
                {
                    fixedSum += hi[i];
                }
                else if ((ulong)lo[i] * (UInt128)bd > (ulong)bn * (UInt128)w[i])
                {
                    fixedSum += lo[i];
                }
                else
                {
                    freeWeight += w[i];
                }
            }

            if (freeWeight == 0 || target - fixedSum < 0)
            {
                return null;
            }

            (level, denominator) = (target - fixedSum, freeWeight);
        }

        // Hamilton on the quotas P/d (Σ P = T·d): floors P div d, remainders P mod d — the big-integer path's T·P div
        // T·d and T·P mod T·d, in the same order (scaling by T > 0 keeps it).
        var allocation = new long[m];
        var remainder = new UInt128[m];
        long floors = 0;
        for (var i = 0; i < m; i++)
        {
            var quota = w[i] == 0 ? (ulong)lo[i] * denominator : Clamp128((ulong)level * (UInt128)w[i], denominator, lo[i], hi[i]);
            var floor = quota / denominator;
            allocation[i] = (long)floor;
            remainder[i] = quota - (floor * denominator);
            floors += (long)floor;
        }

        var shortfall = total - floors;
        var order = new int[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            var c = remainder[y].CompareTo(remainder[x]);
            return c != 0 ? c : TieOrder.Compare(keys, x, y);
        });
        for (var pos = 0; pos < m && pos < shortfall; pos++)
        {
            allocation[order[pos]]++;
        }

        var tie = TieReport.None;
        if (shortfall > 0 && shortfall <= m)
        {
            var cut = remainder[order[shortfall - 1]];
            var winners = new List<int>();
            var losers = new List<int>();
            for (var pos = 0; pos < m; pos++)
            {
                if (remainder[order[pos]] == cut)
                {
                    (pos < shortfall ? winners : losers).Add(order[pos]);
                }
            }

            if (losers.Count > 0)
            {
                // The fraction the big-integer path reports: T·(P mod d) over T·d.
                tie = new TieReport(TieResolution.DeclaredOrder, winners, losers, new ExactFraction((BigInteger)cut * total, (BigInteger)denominator * total), null);
            }
        }

        tie = ties.Enforce(tie, "proportional-bounded");
        return b.Finish(allocation, "proportional-bounded", null) with { Ties = tie };

        static int BitLength(UInt128 v) => 128 - (int)UInt128.LeadingZeroCount(v);
    }

    /// <summary>
    /// The last of the sorted breakpoints whose water level does not overshoot the target (<paramref name="compare"/> ≤ 0;
    /// the first, λ = 0, never does), by binary search: both widths of <see cref="Proportional"/> search the same way.
    /// </summary>
    private static int LastNotAbove(int count, Func<int, int> compare)
    {
        int left = 0, right = count - 1;
        while (left < right)
        {
            var mid = (left + right + 1) / 2;
            if (compare(mid) <= 0)
            {
                left = mid;
            }
            else
            {
                right = mid - 1;
            }
        }

        return left;
    }

    private static UInt128 Clamp128(UInt128 aw, UInt128 d, long lo, long hi)
    {
        var low = (ulong)lo * d;
        if (aw <= low)
        {
            return low;
        }

        if (hi != long.MaxValue)
        {
            var high = (ulong)hi * d;
            if (aw >= high)
            {
                return high;
            }
        }

        return aw;
    }

    /// <summary>
    /// The retail seed's literal capped method: quotas <c>aᵢ = T·wᵢ/W</c>, floors
    /// <c>fᵢ = min(capᵢ, max(lowerᵢ, floor(aᵢ)))</c>, then the rest one unit per pass, in order of
    /// <c>aᵢ − fᵢ</c> descending (then tie key, then position), among positive-weight units still below their cap,
    /// pass after pass until it is gone or every unit is capped. If lower bounds pushed the floors past the total,
    /// units are taken back one per pass from the most over-allocated units above their minimum.
    /// </summary>
    /// <param name="total">Units to place, ≥ 0.</param>
    /// <param name="weights">Exact weights.</param>
    /// <param name="caps">Cap per unit (≥ 0).</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="policy">What to do when the caps cannot hold the total.</param>
    /// <param name="lower">Minimum per unit, or empty for none (see <see cref="MinimumCoverage"/>).</param>
    /// <param name="withAudit">Build the per-unit audit record.</param>
    /// <param name="ties">
    /// What to do when units tie in the last, partial pass (equal <c>aᵢ − fᵢ</c>, some served and some not);
    /// <see cref="TiePolicy.BreakByDeclaredOrder"/> when null. Ties while minimums are taken back are broken by the
    /// declared order and not reported.
    /// </param>
    public static BoundedResult SeedCapped(
        long total,
        ExactWeights weights,
        ReadOnlySpan<long> caps,
        ReadOnlySpan<ulong> tieKeys,
        InfeasiblePolicy policy,
        ReadOnlySpan<long> lower = default,
        bool withAudit = false,
        TiePolicy? ties = null)
    {
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var b = BoundSet.Create(total, weights, lower, caps, tieKeys);
        var keys = ties.EffectiveKeys(b.Count, tieKeys);
        if (b.TryInfeasible(policy, "seed-capped", out var infeasible))
        {
            return withAudit ? infeasible with { Audit = b.QuotaAudit("seed-capped", infeasible) } : infeasible;
        }

        var m = b.Count;
        if (!withAudit && weights.SmallNumerators is { } small && WideSum(small, total) is { } wideSum)
        {
            return SeedCapped64(total, small, wideSum, b, keys, ties);
        }

        var w = weights.Numerators.ToArray();
        var h = LargestRemainder.Compute(total, w, keys, withRanks: withAudit);
        var sum = h.WeightSum;
        var alloc = new long[m];
        var key = new BigInteger[m]; // (aᵢ − fᵢ)·W
        long placed = 0;
        for (var i = 0; i < m; i++)
        {
            var f = w[i].IsZero ? b.Lower[i] : Math.Min(b.Upper[i], Math.Max(b.Lower[i], h.Floor[i]));
            alloc[i] = f;
            placed += f;
            key[i] = sum.IsZero ? BigInteger.Zero : (total * w[i]) - (f * sum);
        }

        var floors = (long[])alloc.Clone();
        var tie = SettleSeedPasses(total - placed, alloc, key, i => !w[i].IsZero, b, keys, sum, k => k);
        tie = ties.Enforce(tie, "seed-capped");
        var result = b.Finish(alloc, "seed-capped", withAudit ? h : null, floors: floors) with { Ties = tie };
        return result.Audit is null ? result : result with { Audit = result.Audit with { Ties = tie, TiedAtCutoff = tie.TiedUnits, TiesResolvedBySecondaryKey = tie.ResolvedByOrder } };
    }

    /// <summary>
    /// Σ of 64-bit weights as a 128-bit integer when it is positive and <c>T·W &lt; 2^127</c> (then every
    /// <c>T·wᵢ</c> and <c>fᵢ·W</c> with <c>fᵢ ≤ T</c> fits a signed 128-bit integer), else null.
    /// </summary>
    private static UInt128? WideSum(ulong[] w, long total)
    {
        UInt128 sum = 0;
        foreach (var x in w)
        {
            sum += x; // at most 2^31 units of < 2^64: no overflow
        }

        return sum > 0 && (total <= 1 || sum <= (UInt128)Int128.MaxValue / (ulong)total) ? sum : null;
    }

    /// <summary>
    /// <see cref="SeedCapped"/> when the weights fit in 64 bits, <c>T·W &lt; 2^127</c> and no audit is asked: the same
    /// steps with 128-bit integers instead of big integers (floors <c>⌊T·wᵢ/W⌋</c>, keys <c>T·wᵢ − fᵢ·W</c>, both
    /// below 2^127 because fᵢ ≤ T in a feasible call), so a retail period of a million store rows makes no big
    /// integers.
    /// </summary>
    private static BoundedResult SeedCapped64(long total, ulong[] w, UInt128 sum, BoundSet b, ulong[]? keys, TiePolicy ties)
    {
        var m = w.Length;
        var alloc = new long[m];
        var key = new Int128[m]; // (aᵢ − fᵢ)·W
        long placed = 0;
        for (var i = 0; i < m; i++)
        {
            var tw = (UInt128)(ulong)total * w[i];
            var floor = (long)(tw / sum);
            var f = w[i] == 0 ? b.Lower[i] : Math.Min(b.Upper[i], Math.Max(b.Lower[i], floor));
            alloc[i] = f;
            placed += f;
            key[i] = (Int128)tw - ((Int128)f * (Int128)sum);
        }

        // No audit on this path, so the floors are not kept for one.
        var tie = SettleSeedPasses(total - placed, alloc, key, i => w[i] != 0, b, keys, (BigInteger)sum, k => k);
        tie = ties.Enforce(tie, "seed-capped");
        return b.Finish(alloc, "seed-capped", null) with { Ties = tie };
    }

    /// <summary>
    /// The seed's passes after the floors, for either width of key (<c>(aᵢ − fᵢ)·W</c> as big or 128-bit integers):
    /// hands out <paramref name="rest"/> units by key, largest first, one per unit per pass up to the caps; or, when
    /// minimums lifted the floors above the total, takes the excess back from units above their minimum, smallest
    /// key first. Returns the tie of the last, partial pass.
    /// </summary>
    private static TieReport SettleSeedPasses<TKey>(long rest, long[] alloc, TKey[] key, Func<int, bool> positive, BoundSet b, ulong[]? keys, BigInteger sum, Func<TKey, BigInteger> exact)
        where TKey : IComparable<TKey>, IEquatable<TKey>
    {
        var tie = TieReport.None;
        var m = alloc.Length;
        if (rest > 0)
        {
            var order = new List<int>(m);
            for (var i = 0; i < m; i++)
            {
                if (positive(i) && alloc[i] < b.Upper[i])
                {
                    order.Add(i);
                }
            }

            CollectionsMarshal.AsSpan(order).Sort(new ByKey<TKey>(key, keys, descending: true));
            rest = HandOutByPasses(order, alloc, b.Upper, rest, out var lastPass, out var served);
            tie = PartialPassTie(lastPass, served, key, sum, exact);
        }
        else if (rest < 0)
        {
            // Minimums lifted some floors; give back from units above their minimum, most over-allocated first.
            var order = new List<int>(m);
            for (var i = 0; i < m; i++)
            {
                if (alloc[i] > b.Lower[i])
                {
                    order.Add(i);
                }
            }

            CollectionsMarshal.AsSpan(order).Sort(new ByKey<TKey>(key, keys, descending: false));
            TakeBack(order, alloc, b.Lower, -rest);
            rest = 0;
        }

        if (rest > 0)
        {
            // Unreachable: the total fits under the caps (checked before), and passes fill every cap in turn.
            throw new InvalidOperationException($"seed-capped pass left {rest} unit(s) although the caps hold the total.");
        }

        return tie;
    }

    /// <summary>
    /// Units by key (largest first when <c>descending</c>), then by the secondary order (<see cref="TieOrder"/>): a total
    /// order, so any sort gives the same sequence. A struct, so the sort is specialised for it (a run sorts a million
    /// units in groups of a few dozen: a delegate call per comparison showed in profiles).
    /// </summary>
    private readonly struct ByKey<TKey>(TKey[] key, ulong[]? tieKeys, bool descending) : IComparer<int>
        where TKey : IComparable<TKey>
    {
        public int Compare(int x, int y)
        {
            var c = descending ? key[y].CompareTo(key[x]) : key[x].CompareTo(key[y]);
            return c != 0 ? c : TieOrder.Compare(tieKeys, x, y);
        }
    }

    /// <summary>Gives back <paramref name="give"/> units, one per unit per round in <paramref name="order"/>, never below a minimum.</summary>
    private static void TakeBack(List<int> order, long[] alloc, long[] lower, long give)
    {
        while (give > 0)
        {
            foreach (var i in order)
            {
                if (give == 0)
                {
                    break;
                }

                if (alloc[i] > lower[i])
                {
                    alloc[i]--;
                    give--;
                }
            }
        }
    }

    /// <summary>
    /// Lower bounds for minimum coverage: one unit to each of the top <paramref name="k"/> units by weight
    /// (descending, then tie key, then position) among units with positive weight and, when
    /// <paramref name="caps"/> is given, a cap of at least 1. When <paramref name="total"/> &lt; k only the top
    /// <paramref name="total"/> get one.
    /// </summary>
    /// <exception cref="Errors.AllotException"><see cref="ApportionmentErrors.LengthMismatch"/> when a non-empty
    /// <paramref name="tieKeys"/> or <paramref name="caps"/> does not have one entry per unit.</exception>
    public static long[] MinimumCoverage(ExactWeights weights, int k, long total, ReadOnlySpan<ulong> tieKeys, ReadOnlySpan<long> caps = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var m = weights.Count;

        // Checked like every other entry point: a short span failed inside the sort, or was never read at all.
        if (!tieKeys.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, tieKeys.Length, "tieKeys");
        }

        if (!caps.IsEmpty)
        {
            ApportionmentErrors.RequireSameLength(m, caps.Length, "caps");
        }

        var lower = new long[m];
        if (k <= 0 || total <= 0)
        {
            return lower;
        }

        var w = weights.Numerators.ToArray();
        var capArr = caps.IsEmpty ? null : caps.ToArray();
        var keys = tieKeys.IsEmpty ? null : tieKeys.ToArray();
        var order = Enumerable.Range(0, m).Where(i => !w[i].IsZero && (capArr is null || capArr[i] >= 1)).ToList();
        order.Sort((x, y) =>
        {
            var c = w[y].CompareTo(w[x]);
            return c != 0 ? c : TieOrder.Compare(keys, x, y);
        });
        var take = (int)Math.Min(Math.Min(k, total), order.Count);
        for (var j = 0; j < take; j++)
        {
            lower[order[j]] = 1;
        }

        return lower;
    }

    /// <summary>
    /// Gives <paramref name="rest"/> units one per pass to the units of <paramref name="order"/> (in that order)
    /// that are below their cap; full passes are counted in bulk. Returns what could not be placed.
    /// </summary>
    internal static long HandOutByPasses(List<int> order, long[] alloc, long[] cap, long rest, out List<int>? lastPass, out int served)
    {
        lastPass = null;
        served = 0;
        var live = order.Where(i => alloc[i] < cap[i]).ToList();
        while (rest > 0 && live.Count > 0)
        {
            var e = live.Count;
            if (rest < e)
            {
                for (var j = 0; j < rest; j++)
                {
                    alloc[live[j]]++;
                }

                lastPass = live;
                served = (int)rest;
                return 0;
            }

            var room = long.MaxValue;
            foreach (var i in live)
            {
                room = Math.Min(room, cap[i] - alloc[i]);
            }

            var passes = Math.Min(rest / e, room);
            foreach (var i in live)
            {
                alloc[i] += passes;
            }

            rest -= passes * e;
            live.RemoveAll(i => alloc[i] >= cap[i]);
        }

        return rest;
    }

    /// <summary>The tie in the last, partial pass: units sharing the key of the last one served, split by whether they were.</summary>
    private static TieReport PartialPassTie<TKey>(List<int>? lastPass, int served, TKey[] key, BigInteger sum, Func<TKey, BigInteger> exact)
        where TKey : IEquatable<TKey>
    {
        if (lastPass is null || served == 0 || sum.IsZero)
        {
            return TieReport.None;
        }

        var cut = key[lastPass[served - 1]];
        var winners = new List<int>();
        var losers = new List<int>();
        for (var j = 0; j < lastPass.Count; j++)
        {
            if (key[lastPass[j]].Equals(cut))
            {
                (j < served ? winners : losers).Add(lastPass[j]);
            }
        }

        // key = (a − f)·W; a − f can exceed 1 when a cap or minimum moved the floor, so no [0, 1) claim here.
        var cutExact = exact(cut);
        return losers.Count == 0 ? TieReport.None : new TieReport(TieResolution.DeclaredOrder, winners, losers, cutExact.Sign >= 0 ? new ExactFraction(cutExact, sum) : null, null);
    }

    private static BigInteger Clamp(BigInteger aw, BigInteger d, long lo, long hi)
    {
        if (aw <= lo * d)
        {
            return lo * d;
        }

        if (hi != long.MaxValue && aw >= hi * d)
        {
            return hi * d;
        }

        return aw;
    }

    /// <summary>
    /// The water level <c>λ = a/d</c> with <c>Σ clamp(λ·wᵢ, loᵢ, hiᵢ) = target</c> over the positive-weight units,
    /// by binary search over the sorted breakpoints <c>loᵢ/wᵢ</c> and <c>hiᵢ/wᵢ</c> (exact cross-multiplication).
    /// </summary>
    private static (BigInteger A, BigInteger D) WaterLevel(List<int> units, ReadOnlySpan<BigInteger> w, long[] lo, long[] hi, BigInteger target)
    {
        var ws = w.ToArray();
        var points = new List<(BigInteger Num, BigInteger Den)> { (BigInteger.Zero, BigInteger.One) };
        foreach (var i in units)
        {
            points.Add((lo[i], ws[i]));
            if (hi[i] != long.MaxValue)
            {
                points.Add((hi[i], ws[i]));
            }
        }

        points.Sort((x, y) => (x.Num * y.Den).CompareTo(y.Num * x.Den));

        // Σ clamp(a/d · w) compared with target, as sign of (Σ clamp·d) − target·d.
        int Compare(BigInteger a, BigInteger d)
        {
            var s = BigInteger.Zero;
            foreach (var i in units)
            {
                s += Clamp(a * ws[i], d, lo[i], hi[i]);
            }

            return s.CompareTo(target * d);
        }

        var (bn, bd) = points[LastNotAbove(points.Count, k => Compare(points[k].Num, points[k].Den))];
        if (Compare(bn, bd) == 0)
        {
            return (bn, bd);
        }

        // Strictly inside the next interval: units at their cap, at their minimum, or free (λ·w).
        BigInteger fixedSum = BigInteger.Zero, freeWeight = BigInteger.Zero;
        foreach (var i in units)
        {
            if (hi[i] != long.MaxValue && hi[i] * bd <= bn * ws[i])
            {
                fixedSum += hi[i];
            }
            else if (lo[i] * bd > bn * ws[i])
            {
                fixedSum += lo[i];
            }
            else
            {
                freeWeight += ws[i];
            }
        }

        return (target - fixedSum, freeWeight);
    }
}
