using Allot.Core.Apportionment;
using Allot.Core.Errors;

namespace Allot.Core.Tests.Apportionment;

public class BoundedExamplesTests
{
    private static ExactWeights W(params ulong[] w) => ExactWeights.FromIntegers(w);

    [Fact]
    public void SeedCapped_FloorsUnderCaps_ThenPassesByRemainder()
    {
        // T=10, weights 6/3/1 → a = 6, 3, 1; caps 4/4/4 → floors 4,3,1 → rest 2 by (a−f): B (0)… all remainders
        // are a−f = 2 (A, capped), 0 (B), 0 (C): A is capped, so B then C get one each.
        var r = BoundedApportionment.SeedCapped(10, W(6, 3, 1), [4, 4, 4], default, InfeasiblePolicy.Fail);
        Assert.Equal([4, 4, 2], r.Allocation);
        Assert.Equal([true, true, false], r.CapHit);
    }

    [Fact]
    public void SeedCapped_SecondPass_WhenFirstPassIsNotEnough()
    {
        // T=9 over 4 units with weight 8/1/0.5/0.5 (×2 → 16/2/1/1), caps 3,3,3,3: floors min(cap, 7.2|0.9|0.45|0.45)
        // = 3,0,0,0 → 6 left for B,C,D (A capped): passes give B,C,D one each twice → 3,2,2,2.
        var r = BoundedApportionment.SeedCapped(9, W(16, 2, 1, 1), [3, 3, 3, 3], default, InfeasiblePolicy.Fail);
        Assert.Equal([3, 2, 2, 2], r.Allocation);
    }

    [Fact]
    public void SeedCapped_AllCapped_FlagReportsMissing_RelaxRaisesTopWeightCaps()
    {
        var flag = BoundedApportionment.SeedCapped(10, W(5, 3, 2), [2, 2, 2], default, InfeasiblePolicy.Flag);
        Assert.Equal([2, 2, 2], flag.Allocation);
        Assert.Equal(4, flag.Missing);

        var relax = BoundedApportionment.SeedCapped(10, W(5, 3, 2), [2, 2, 2], default, InfeasiblePolicy.RelaxCaps);
        Assert.Equal(10, relax.Allocation.Sum());
        Assert.Equal([4, 3, 3], relax.Allocation);
        Assert.Equal([2, 1, 1], relax.RelaxedUnits);
        Assert.Equal(0, relax.Missing);

        var ex = Assert.Throws<AllotException>(() => BoundedApportionment.SeedCapped(10, W(5, 3, 2), [2, 2, 2], default, InfeasiblePolicy.Fail));
        Assert.Equal(ApportionmentErrors.InfeasibleBounds, ex.Code);
    }

    [Fact]
    public void Proportional_WaterFilling_RedistributesCappedExcess()
    {
        // T=10, weights 8/1/1, cap 5 on the first → q = 5, 2.5, 2.5 → Hamilton with tie by position: 5, 3, 2.
        var r = BoundedApportionment.Proportional(10, W(8, 1, 1), default, [5, 10, 10], default, InfeasiblePolicy.Fail, withAudit: true);
        Assert.Equal([5, 3, 2], r.Allocation);
        Assert.Equal(BindingBound.Upper, r.Audit!.Units[0].Bound);
        Assert.Equal(new ExactFraction(5, 2), r.Audit.Units[1].Quota);
    }

    [Fact]
    public void Proportional_Minimums_LiftSmallUnits()
    {
        // T=10, weights 97/2/1, minimum 2 each → q = 6, 2, 2.
        var r = BoundedApportionment.Proportional(10, W(97, 2, 1), [2, 2, 2], default, default, InfeasiblePolicy.Fail);
        Assert.Equal([6, 2, 2], r.Allocation);
    }

    [Fact]
    public void Proportional_MinimumsAboveTotal_OverflowByWeight()
    {
        var r = BoundedApportionment.Proportional(3, W(1, 5, 3), [2, 2, 2], default, default, InfeasiblePolicy.Flag);
        Assert.Equal(3, r.Overflow);
        Assert.Equal([0, 2, 1], r.Allocation);
        Assert.Equal(ApportionmentErrors.InfeasibleBounds, Assert.Throws<AllotException>(() =>
            BoundedApportionment.Proportional(3, W(1, 5, 3), [2, 2, 2], default, default, InfeasiblePolicy.Fail)).Code);
    }

    [Fact]
    public void ZeroWeightUnits_GetOnlyTheirMinimum()
    {
        var r = BoundedApportionment.Proportional(10, W(0, 1, 1), [1, 0, 0], default, default, InfeasiblePolicy.Fail, withAudit: true);
        Assert.Equal([1, 5, 4], r.Allocation);
        Assert.Equal(BindingBound.ZeroWeight, r.Audit!.Units[0].Bound);
    }

    [Fact]
    public void MinimumCoverage_TopKByWeight_LimitedByTotal()
    {
        Assert.Equal([1, 0, 1, 1], BoundedApportionment.MinimumCoverage(W(5, 1, 3, 4), 3, 100, default));
        Assert.Equal([1, 0, 0, 1], BoundedApportionment.MinimumCoverage(W(5, 1, 3, 4), 3, 2, default));

        // A unit with cap 0 is skipped.
        Assert.Equal([0, 0, 1, 1], BoundedApportionment.MinimumCoverage(W(5, 1, 3, 4), 2, 100, default, [0, 5, 5, 5]));
    }

    [Fact]
    public void SeedCapped_WithMinimumCoverage_TakesBackFromOverAllocated()
    {
        // T=3 over weights 10/1/1 with coverage k=3: lo = 1,1,1; floors max(lo, floor a) = 2 (a=2.5),1,1 = 4 > 3:
        // take one back from the unit above its minimum → 1,1,1.
        var lo = BoundedApportionment.MinimumCoverage(W(10, 1, 1), 3, 3, default);
        var r = BoundedApportionment.SeedCapped(3, W(10, 1, 1), [10, 10, 10], default, InfeasiblePolicy.Fail, lo);
        Assert.Equal([1, 1, 1], r.Allocation);
    }

    [Fact]
    public void InvalidBounds_AreErrors()
    {
        Assert.Equal(ApportionmentErrors.InvalidBounds, Assert.Throws<AllotException>(() =>
            BoundedApportionment.Proportional(3, W(1, 1), [3, 0], [2, 5], default, InfeasiblePolicy.Fail)).Code);
        Assert.Equal(ApportionmentErrors.InvalidBounds, Assert.Throws<AllotException>(() =>
            BoundedApportionment.SeedCapped(3, W(1, 1), [-1, 5], default, InfeasiblePolicy.Fail)).Code);
    }
}
