using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>The quota (weight per seat) a largest-remainder method divides by.</summary>
public enum LargestRemainderQuota
{
    /// <summary>Hare: <c>W / T</c> — Hamilton's method; every unit gets the floor or ceiling of its quota.</summary>
    Hare,

    /// <summary>
    /// Droop: <c>⌊W / (T + 1)⌋ + 1</c> on the integer weight numerators (votes). Because it is above
    /// <c>W / (T + 1)</c>, <c>Σ ⌊wᵢ / quota⌋ &lt; T + 1</c>: the floors never over-allocate. The seats left may exceed
    /// the number of units (small weights, large totals); they are then handed out in whole passes over the
    /// positive-weight units in remainder order, the last pass partial.
    /// </summary>
    Droop,
}

/// <summary>Largest remainder with a Hare or Droop quota (LR-Hare, LR-Droop).</summary>
public static class QuotaLargestRemainder
{
    /// <summary>The method's name in audits and on the command line: <c>hamilton</c> or <c>droop</c>.</summary>
    public static string MethodName(LargestRemainderQuota quota) => quota switch
    {
        LargestRemainderQuota.Hare => "hamilton",
        LargestRemainderQuota.Droop => "droop",
        _ => throw new ArgumentOutOfRangeException(nameof(quota)),
    };

    /// <summary>
    /// Each unit gets <c>⌊wᵢ / quota⌋</c>; the seats left go by remainder <c>wᵢ mod quota</c> descending, then tie
    /// key, then position (see <see cref="LargestRemainderQuota.Droop"/> for more seats left than units).
    /// </summary>
    /// <param name="quota">Hare or Droop.</param>
    /// <param name="total">Seats, ≥ 0.</param>
    /// <param name="weights">Exact weights (Droop uses their integer numerators as votes).</param>
    /// <param name="tieKeys">Secondary key per unit (ascending wins), or empty for input position.</param>
    /// <param name="ties">What to do when units tie at the cutoff; <see cref="TiePolicy.BreakByDeclaredOrder"/> when null.</param>
    /// <param name="withAudit">Build the audit record.</param>
    public static BoundedResult Apportion(LargestRemainderQuota quota, long total, ExactWeights weights, ReadOnlySpan<ulong> tieKeys = default, TiePolicy? ties = null, bool withAudit = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ties ??= TiePolicy.BreakByDeclaredOrder;
        var name = MethodName(quota);
        if (quota == LargestRemainderQuota.Hare && !withAudit && weights.SmallNumerators is { } small)
        {
            // The hot path (64-bit weights, no audit): the allocation-free kernel, then the tie from 128-bit remainders.
            // No bounds, so no BoundSet (it would copy the weights as big integers): nothing is relaxed, no cap hit.
            ApportionmentErrors.RequireNonNegativeTotal(total);
            if (!tieKeys.IsEmpty)
            {
                ApportionmentErrors.RequireSameLength(small.Length, tieKeys.Length, "tieKeys");
            }

            var fastKeys = ties.EffectiveKeys(small.Length, tieKeys);
            var fast = new long[small.Length];
            LargestRemainder.Apportion(total, small, fast, fastKeys);
            var fastTie = ties.Enforce(HareTie(total, small, fast, fastKeys), name);
            return new BoundedResult(fast, 0, 0, new long[small.Length], new bool[small.Length], null) with { Ties = fastTie };
        }

        var b = BoundSet.Create(total, weights, default, default, tieKeys);
        var keys = ties.EffectiveKeys(b.Count, tieKeys);

        if (quota == LargestRemainderQuota.Hare)
        {
            var hare = LargestRemainder.Compute(total, weights.Numerators, keys, withRanks: withAudit);
            var hareTie = ties.Enforce(hare.FindTie(), name);
            var r = b.Finish(hare.Allocation, name, withAudit ? hare : null) with { Ties = hareTie };
            return r.Audit is null ? r : r with { Audit = r.Audit with { Ties = hareTie } };
        }

        var m = b.Count;
        var sum = weights.NumeratorSum;
        if (total > 0 && sum.IsZero)
        {
            throw ApportionmentErrors.Error(ApportionmentErrors.AllZeroWeights, $"droop: all weights are zero but the total is {total}: there is no share to apportion by.");
        }

        // T + 1 in big integers: at T = 2⁶³ − 1 a long would wrap to a negative quota.
        var q = (sum / ((BigInteger)total + 1)) + 1;
        var h = new HamiltonComputation(m, q);
        long floors = 0;
        var positive = new List<int>(m);
        for (var i = 0; i < m; i++)
        {
            h.Floor[i] = (long)BigInteger.DivRem(weights[i], q, out var rem);
            h.Remainder[i] = rem;
            floors += h.Floor[i];
            if (!weights[i].IsZero)
            {
                positive.Add(i);
            }
        }

        var rems = h.Remainder;
        var order = Enumerable.Range(0, m).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var c = rems[y].CompareTo(rems[x]);
            return c != 0 ? c : TieOrder.Compare(keys, x, y);
        });
        h.Order = order;
        var left = total - floors;
        h.Shortfall = left;
        var byRemainder = order.Where(i => !weights[i].IsZero).ToArray();
        long passes = 0, partial = 0;
        if (byRemainder.Length > 0)
        {
            passes = left / byRemainder.Length;
            partial = left % byRemainder.Length;
        }

        for (var i = 0; i < m; i++)
        {
            h.Allocation[i] = h.Floor[i];
        }

        for (var j = 0; j < byRemainder.Length; j++)
        {
            h.Allocation[byRemainder[j]] += passes + (j < partial ? 1 : 0);
        }

        var tie = ties.Enforce(PartialPassTie(byRemainder, rems, partial, q), name);
        var result = b.Finish(h.Allocation, name, withAudit ? h : null) with { Ties = tie };
        return result.Audit is null ? result : result with { Audit = result.Audit with { Ties = tie, TiedAtCutoff = tie.TiedUnits, TiesResolvedBySecondaryKey = tie.ResolvedByOrder } };
    }

    /// <summary>
    /// The Hamilton tie from an allocation: the cutoff is the smallest remainder among units that got a +1; units
    /// with that remainder split into those that got it and those that did not.
    /// </summary>
    private static TieReport HareTie(long total, ulong[] w, long[] alloc, ulong[]? keys)
    {
        UInt128 sum = 0;
        foreach (var x in w)
        {
            sum += x;
        }

        if (sum == 0)
        {
            return TieReport.None;
        }

        var m = w.Length;
        var rem = new UInt128[m];
        var extra = new bool[m];
        UInt128? cut = null;
        for (var i = 0; i < m; i++)
        {
            var p = (UInt128)(ulong)total * w[i];
            rem[i] = p % sum;
            extra[i] = alloc[i] > (long)(p / sum);
            if (extra[i] && (cut is null || rem[i] < cut))
            {
                cut = rem[i];
            }
        }

        if (cut is not { } c)
        {
            return TieReport.None;
        }

        var winners = new List<int>();
        var losers = new List<int>();
        for (var i = 0; i < m; i++)
        {
            if (rem[i] == c)
            {
                (extra[i] ? winners : losers).Add(i);
            }
        }

        if (losers.Count == 0)
        {
            return TieReport.None;
        }

        winners.Sort((x, y) => TieOrder.Compare(keys, x, y));
        losers.Sort((x, y) => TieOrder.Compare(keys, x, y));
        return new TieReport(TieResolution.DeclaredOrder, winners, losers, new ExactFraction((BigInteger)c, (BigInteger)sum), null);
    }

    private static TieReport PartialPassTie(int[] byRemainder, BigInteger[] rems, long partial, BigInteger q)
    {
        if (partial == 0)
        {
            return TieReport.None;
        }

        var cut = rems[byRemainder[partial - 1]];
        var winners = new List<int>();
        var losers = new List<int>();
        for (var j = 0; j < byRemainder.Length; j++)
        {
            if (rems[byRemainder[j]] == cut)
            {
                (j < partial ? winners : losers).Add(byRemainder[j]);
            }
        }

        return losers.Count == 0 ? TieReport.None : new TieReport(TieResolution.DeclaredOrder, winners, losers, new ExactFraction(cut, q), null);
    }
}
