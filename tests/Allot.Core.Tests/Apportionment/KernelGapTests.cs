using System.Numerics;
using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

/// <summary>Cases added where mutation testing showed behaviour no other test pinned.</summary>
public class KernelGapTests
{
    private static ExactWeights W(params ulong[] w) => ExactWeights.FromIntegers(w);

    [Fact]
    public void Validation_AppliesOnEveryEntryPoint()
    {
        var big = ExactWeights.FromNumerators([BigInteger.Pow(2, 70), 1], 1);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.Apportion(1, [1UL, 2UL], new long[2], [1UL])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.Apportion(1, big, new long[2], [1UL])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.Apportion(1, big, new long[3])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.ApportionWithAudit(1, big, [1UL])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.RankRemainders([1UL, 2UL], [], new int[3])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => LargestRemainder.RankRemainders([1UL, 2UL], [1UL], new int[2])).Code);
        Assert.Equal(ApportionmentErrors.NegativeTotal, Assert.Throws<AllotException>(() => LargestRemainder.Apportion(-1, big, new long[2])).Code);
        Assert.Equal(ApportionmentErrors.NegativeTotal, Assert.Throws<AllotException>(() => LargestRemainder.ApportionWithAudit(-1, big)).Code);
        Assert.Equal(ApportionmentErrors.NegativeTotal, Assert.Throws<AllotException>(() => BoundedApportionment.Proportional(-1, W(1), default, default, default, InfeasiblePolicy.Flag)).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.Proportional(1, W(1, 1), [0], default, default, InfeasiblePolicy.Flag)).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.SeedCapped(1, W(1, 1), [1], default, InfeasiblePolicy.Flag)).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.SeedCapped(1, W(1, 1), [1, 1], [1UL], InfeasiblePolicy.Flag)).Code);
        Assert.Equal(ApportionmentErrors.AllZeroWeights, Assert.Throws<AllotException>(() => LargestRemainder.Apportion(2, ExactWeights.FromNumerators([BigInteger.Zero, BigInteger.Zero], 1), new long[2])).Code);
    }

    [Fact]
    public void Bounds_NearTheInt64Limit_AreExactOrAClearError()
    {
        // Caps near long.MaxValue sum past 64 bits internally and still give the exact answer.
        var r = BoundedApportionment.Proportional(long.MaxValue, W(1, 1), default, [long.MaxValue, long.MaxValue], default, InfeasiblePolicy.Fail);
        Assert.Equal(long.MaxValue, r.Allocation[0] + r.Allocation[1]);
        Assert.Equal(1, Math.Abs(r.Allocation[0] - r.Allocation[1]));

        // Minimums whose excess over the total does not fit 64 bits: an error, never a wrapped count.
        var ex = Assert.Throws<AllotException>(() =>
            BoundedApportionment.SeedCapped(0, W(1, 1, 1), [long.MaxValue, long.MaxValue, long.MaxValue], default, InfeasiblePolicy.Flag, [long.MaxValue, long.MaxValue, 1]));
        Assert.Equal(ApportionmentErrors.Overflow, ex.Code);
    }

    [Theory]
    [InlineData(InfeasiblePolicy.Flag)]
    [InlineData(InfeasiblePolicy.RelaxCaps)]
    public void DivisorAudit_MinimumsSummingPastInt64_ReportOverflow_NotAnOverflowException(InfeasiblePolicy policy)
    {
        // Found at the border: minimums that add up past 2^63 under flag/relax gave a result, but building the audit
        // summed them in 64 bits and threw OverflowException (E_INTERNAL from `allot apportion --audit`). The
        // proportional and seed-capped audits already reported the overflow.
        foreach (var method in new[] { ApportionmentMethod.DHondt, ApportionmentMethod.HuntingtonHill, ApportionmentMethod.Adams })
        {
            var r = Apportion.Units(long.MaxValue, W(1, 2, 3), method, new() { Minimums = [long.MaxValue, long.MaxValue, 0], OnInfeasible = policy });
            Assert.Equal(long.MaxValue, r.Allocation.ToArray().Sum());
            Assert.Equal(long.MaxValue, r.Overflow);
            Assert.Equal(0, r.Audit!.Shortfall); // no seat was handed out by priority
            Assert.Empty(r.Audit.Seats ?? []);
        }
    }

    [Fact]
    public void MinimumCoverage_ShortTieKeysOrCaps_AreALengthMismatch_NotAnIndexOutOfRange()
    {
        // Found at the border: the only public kernel entry without length checks; a short tie-key or cap span threw
        // IndexOutOfRangeException from inside the sort (or silently read nothing when no comparison reached it).
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.MinimumCoverage(W(5, 5, 5), 2, 10, [1UL])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.MinimumCoverage(W(5, 4, 3), 2, 10, default, [1])).Code);
        Assert.Equal(ApportionmentErrors.LengthMismatch, Assert.Throws<AllotException>(() => BoundedApportionment.MinimumCoverage(W(5, 4, 3), 0, 10, [1UL, 2UL])).Code);
    }

    [Fact]
    public void Wide_ExactPath_TieAtCutoffUsesTieKeys()
    {
        // Numerators beyond 64 bits take the arbitrary-precision path; equal weights tie on every remainder.
        var w = ExactWeights.FromNumerators([BigInteger.Pow(2, 80), BigInteger.Pow(2, 80), BigInteger.Pow(2, 80)], 1);
        var r = new long[3];
        LargestRemainder.Apportion(2, w, r, [30UL, 10UL, 20UL]);
        Assert.Equal([0, 1, 1], r);
        var audit = LargestRemainder.ApportionWithAudit(2, w, [30UL, 10UL, 20UL]);
        Assert.Equal([3, 1, 2], audit.Units.Select(u => u.RemainderRank));
        Assert.Equal([false, true, true], audit.Units.Select(u => u.ReceivedExtra));
        Assert.Equal(new ExactFraction(2, 3), audit.CutoffRemainder);
    }

    [Fact]
    public void SeedCapped_ZeroWeightUnitsNeverTakePassUnits()
    {
        // Unit 1 has no weight and room under its cap: the rest goes to unit 0 and 2 only.
        var r = BoundedApportionment.SeedCapped(7, W(1, 0, 1), [10, 10, 10], default, InfeasiblePolicy.Fail);
        Assert.Equal([4, 0, 3], r.Allocation);

        // Even when only the zero-weight unit has room, it gets nothing: the units are reported missing.
        var flag = BoundedApportionment.SeedCapped(7, W(1, 0, 1), [2, 10, 2], default, InfeasiblePolicy.Flag);
        Assert.Equal([2, 0, 2], flag.Allocation);
        Assert.Equal(3, flag.Missing);
    }

    [Fact]
    public void SeedCapped_TakeBack_RemovesFromTheMostOverAllocatedFirst()
    {
        // T = 4 over weights 6/3/3 (a = 2, 1, 1) with minimums 1 on four units of which the fourth has weight 0.
        // Floors max(lo, floor a) = 2, 1, 1, 1 = 5 > 4: a − f = 0, 0, 0 for the weighted ones and −1 for the
        // zero-weight one, but only units above their minimum can give back: unit 0 (2 > 1).
        var r = BoundedApportionment.SeedCapped(4, W(6, 3, 3, 0), [5, 5, 5, 5], default, InfeasiblePolicy.Fail, [1, 1, 1, 1]);
        Assert.Equal([1, 1, 1, 1], r.Allocation);

        // T = 5, weights 1/1/10, minimums 2/2/0: a = 5/12, 5/12, 50/12 → f = 2, 2, 4 = 8.
        // Only unit 2 is above its minimum (4 > 0), so it gives back all 3 → 2, 2, 1.
        var s = BoundedApportionment.SeedCapped(5, W(1, 1, 10), [9, 9, 9], default, InfeasiblePolicy.Fail, [2, 2, 0]);
        Assert.Equal([2, 2, 1], s.Allocation);

        // Two candidates: a = 6.25 and 3.75, and a zero-weight unit held at its minimum 3. f = 6, 3, 3 = 12 > 10.
        // One unit per pass, most over-allocated (smallest a − f: 0.25 before 0.75) first: the pass takes one from each.
        var t = BoundedApportionment.SeedCapped(10, W(5, 3, 0), [9, 9, 9], default, InfeasiblePolicy.Fail, [0, 0, 3]);
        Assert.Equal([5, 2, 3], t.Allocation);

        // Only one unit to give back: it comes from the most over-allocated (unit 0, a − f = 0.25 < 0.75).
        var u = BoundedApportionment.SeedCapped(11, W(5, 3, 0), [9, 9, 9], default, InfeasiblePolicy.Fail, [0, 0, 3]);
        Assert.Equal(11, u.Allocation.Sum());
        Assert.Equal([5, 3, 3], u.Allocation);
    }

    [Fact]
    public void BoundedAudit_ReportsCapHitsRelaxationAndBindingBounds()
    {
        var relax = BoundedApportionment.SeedCapped(10, W(5, 3, 2), [2, 2, 2], default, InfeasiblePolicy.RelaxCaps, withAudit: false);
        Assert.Equal(4, relax.RelaxedTotal);
        Assert.Equal(3, relax.CapHits);

        var p = BoundedApportionment.Proportional(10, W(97, 2, 1), [2, 2, 2], [5, 10, 10], default, InfeasiblePolicy.Fail, withAudit: true);
        Assert.Equal([5, 3, 2], p.Allocation);
        var a = p.Audit!;
        Assert.Equal(BindingBound.Upper, a.Units[0].Bound);
        Assert.Equal(BindingBound.None, a.Units[1].Bound);
        Assert.Equal(BindingBound.Lower, a.Units[2].Bound);
        Assert.Equal(1, a.CapHits);
        Assert.Equal([true, false, false], p.CapHit);

        var s = BoundedApportionment.SeedCapped(10, W(6, 3, 1), [4, 4, 4], default, InfeasiblePolicy.Fail, withAudit: true);
        Assert.Equal([4L, 3L, 1L], s.Audit!.Units.Select(u => u.Floor));
        Assert.Equal([false, true, true], s.Audit.Units.Select(u => u.ReceivedExtra));
        Assert.Equal(2, s.Audit.CapHits);
    }

    [Fact]
    public void MinimumCoverage_CapOfOneIsEnough_AndNothingWithoutKOrTotal()
    {
        Assert.Equal([0, 1, 0], BoundedApportionment.MinimumCoverage(W(5, 4, 3), 1, 10, default, [0, 1, 1]));
        Assert.Equal([0, 0, 0], BoundedApportionment.MinimumCoverage(W(5, 4, 3), 0, 10, default));
        Assert.Equal([0, 0, 0], BoundedApportionment.MinimumCoverage(W(5, 4, 3), 2, 0, default));
        Assert.Equal([1, 0, 1], BoundedApportionment.MinimumCoverage(W(5, 5, 5), 2, 10, [1UL, 9UL, 2UL]));
    }

    [Theory]
    [InlineData(DivisorMethod.HuntingtonHill)]
    [InlineData(DivisorMethod.Adams)]
    [InlineData(DivisorMethod.Dean)]
    public void ZeroDivisorMethods_FirstUnitsGoToTheHeaviest_WhenTheTotalIsShort(DivisorMethod method)
    {
        var r = DivisorApportionment.Apportion(method, 2, W(3, 9, 1, 5));
        Assert.Equal([0, 1, 0, 1], r.Allocation);

        // Equal weights with infinite priority: the tie key decides.
        Assert.Equal([1, 0, 1], DivisorApportionment.Apportion(method, 2, W(4, 4, 4), [5UL, 9UL, 1UL]).Allocation);
    }

    [Fact]
    public void Divisor_PriorityComparison_MatchesTheDivisorFormulas()
    {
        // Dean d(2) = 2·3/2.5 = 2.4; Webster d(2) = 2.5; D'Hondt d(2) = 3; Adams d(2) = 2; HH d(2) = √6 ≈ 2.449.
        // A unit of weight 24 at n = 2 against a unit of weight 10 at n = 0 (d = 1, ½, 1, 0, 0).
        Assert.Equal(1, DivisorApportionment.ComparePriority(DivisorMethod.DHondt, 24, 2, 7, 0));         // 8 > 7
        Assert.Equal(-1, DivisorApportionment.ComparePriority(DivisorMethod.DHondt, 24, 2, 9, 0));        // 8 < 9
        Assert.Equal(1, DivisorApportionment.ComparePriority(DivisorMethod.Dean, 24, 2, 10, 1));          // 24/2.4 = 10 > 10/(4/3) = 7.5
        Assert.Equal(0, DivisorApportionment.ComparePriority(DivisorMethod.Dean, 36, 2, 20, 1));          // 15 = 15
        Assert.Equal(-1, DivisorApportionment.ComparePriority(DivisorMethod.Dean, 24, 2, 14, 1));         // 10 < 10.5
        Assert.Equal(1, DivisorApportionment.ComparePriority(DivisorMethod.SainteLague, 25, 2, 4, 0));    // 10 > 8
        Assert.Equal(-1, DivisorApportionment.ComparePriority(DivisorMethod.SainteLague, 25, 2, 6, 0));   // 10 < 12
        Assert.Equal(1, DivisorApportionment.ComparePriority(DivisorMethod.HuntingtonHill, 49, 2, 28, 3)); // 49/√6 ≈ 20.0 > 28/√12 ≈ 8.1
        Assert.Equal(-1, DivisorApportionment.ComparePriority(DivisorMethod.Adams, 5, 2, 3, 1));          // 2.5 < 3
    }

    [Fact]
    public void TieKeys_OrdinalRanks_EqualStringsShareARank()
    {
        Assert.Equal([2UL, 0UL, 2UL, 1UL], TieKeys.FromOrdinalStrings(["b", "A", "b", "a"]));
        Assert.Equal(TieKeys.FromIso2("de"), TieKeys.FromIso2("DE"));
        Assert.True(TieKeys.FromIso2("AT") < TieKeys.FromIso2("BE"));
        Assert.True(TieKeys.FromIso2("AZ") < TieKeys.FromIso2("BA"));
        Assert.Throws<ArgumentException>(() => TieKeys.FromIso2("D1"));
        Assert.Throws<ArgumentException>(() => TieKeys.FromIso2("DEU"));
        Assert.Equal([5UL, 3UL], TieKeys.FromNumericIds([5UL, 3UL]));
    }
}
